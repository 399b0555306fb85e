/** The saffron launcher: the viewer window, command line, info, port and smartcard tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires dev.saffron.gl;
    requires dev.saffron.smartcard;
    requires java.logging;
}
