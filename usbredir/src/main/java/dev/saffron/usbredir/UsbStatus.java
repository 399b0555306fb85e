package dev.saffron.usbredir;

/** The outcome of a USB transfer or request, with usbredir's wire numbers. */
public enum UsbStatus {
    SUCCESS(0), CANCELLED(1), INVALID(2), IO_ERROR(3), STALL(4), TIMEOUT(5), BABBLE(6);

    private final int wireValue;

    UsbStatus(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }
}
