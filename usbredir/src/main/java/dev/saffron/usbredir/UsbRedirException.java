package dev.saffron.usbredir;

/** Why a USB device could not be redirected, in words a user can act on, with the kind of failure. */
public final class UsbRedirException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure a caller may handle differently. */
    public enum Reason {
        /** The user may not open the device (udev permissions). */
        NO_PERMISSION,
        /** Another program or a kernel driver that would not let go holds the device. */
        BUSY,
        /** No device matches, or it was unplugged. */
        NO_SUCH_DEVICE,
        /** Every usbredir slot of the VM holds a device, or the VM has none. */
        NO_FREE_CHANNEL,
        /** The guest's filter refused the device, or the slot closed before it was plugged in. */
        REFUSED,
        /** A disk image or another file could not be used. */
        IO,
        /** libusb is missing or failed. */
        USB_LIBRARY
    }

    private final Reason reason;

    public UsbRedirException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UsbRedirException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
