/** The saffron launcher: the viewer window, command line, info, port, smartcard and share tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires dev.saffron.gl;
    requires dev.saffron.smartcard;
    requires dev.saffron.webdav;
    requires java.logging;
}
