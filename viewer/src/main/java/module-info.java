/** The saffron launcher: the viewer window, command line, info, port, smartcard and audio tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires dev.saffron.gl;
    requires dev.saffron.smartcard;
    requires dev.saffron.audio;
    requires java.logging;
}
