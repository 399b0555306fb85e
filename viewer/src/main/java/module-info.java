/** The saffron launcher: the viewer window, command line, info, port, smartcard, audio, usb and share tools. */
module dev.saffron.viewer {
    requires dev.saffron.core;
    requires dev.saffron.gl;
    requires dev.saffron.smartcard;
    requires dev.saffron.audio;
    requires dev.saffron.usbredir;
    requires dev.saffron.webdav;
    // --jfr records a Flight Recorder file.
    requires jdk.jfr;
    // Log records go to standard error through the viewer's own backend, without java.util.logging.
    provides java.lang.System.LoggerFinder with dev.saffron.viewer.ConsoleLoggerFinder;
}
