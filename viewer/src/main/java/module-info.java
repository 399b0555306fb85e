/** The saffron launcher: the viewer window, command line, info and port tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires dev.saffron.gl;
    requires java.logging;
}
