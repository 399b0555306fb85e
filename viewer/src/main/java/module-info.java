/** The saffron launcher: the viewer window, command line, info, port, smartcard, audio, usb and share tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires dev.saffron.gl;
    requires dev.saffron.smartcard;
    requires dev.saffron.audio;
    requires dev.saffron.usbredir;
    requires dev.saffron.webdav;
    requires java.logging;
    // --jfr records a Flight Recorder file.
    requires jdk.jfr;
}
