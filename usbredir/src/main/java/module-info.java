/**
 * USB redirection for Saffron: the usbredir protocol over a session's usbredir channels, host USB devices
 * through libusb (usb4java), and emulated devices such as a USB disk backed by an image file. The API is
 * {@code dev.saffron.usbredir}; {@code internal} may change without notice.
 */
// usb4java ships no module descriptor and no Automatic-Module-Name: it is the automatic module named after its jar,
// which javac warns about (requires-automatic).
@SuppressWarnings("requires-automatic")
module dev.saffron.usbredir {
    requires transitive dev.saffron.core;
    requires usb4java;

    exports dev.saffron.usbredir;
}
