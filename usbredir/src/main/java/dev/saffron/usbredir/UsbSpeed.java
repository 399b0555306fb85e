package dev.saffron.usbredir;

/** A USB device's bus speed, with usbredir's wire numbers. */
public enum UsbSpeed {
    LOW(0), FULL(1), HIGH(2), SUPER(3), UNKNOWN(255);

    private final int wireValue;

    UsbSpeed(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }
}
