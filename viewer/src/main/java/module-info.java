/** The saffron launcher: the viewer window, command line, info, port, smartcard, audio and usb tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires dev.saffron.gl;
    requires dev.saffron.smartcard;
    requires dev.saffron.audio;
    requires dev.saffron.usbredir;
    requires java.logging;
}
