/** The saffron launcher: command line, info and port tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires java.logging;
}
