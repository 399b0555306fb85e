/**
 * USB redirection for Saffron: the usbredir protocol over a session's usbredir channels, host USB devices
 * through libusb (usb4java), and emulated devices such as a USB disk backed by an image file. The API is
 * {@code dev.saffron.usbredir}; {@code internal} may change without notice.
 */
module dev.saffron.usbredir {
    requires transitive dev.saffron.core;

    exports dev.saffron.usbredir;
}
