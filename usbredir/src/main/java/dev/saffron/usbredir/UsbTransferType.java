package dev.saffron.usbredir;

/** An endpoint's transfer type, with usbredir's (and USB's) numbers. */
public enum UsbTransferType {
    CONTROL(0), ISOCHRONOUS(1), BULK(2), INTERRUPT(3);

    private final int wireValue;

    UsbTransferType(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    /** @return the type in the low two bits of an endpoint descriptor's bmAttributes */
    public static UsbTransferType fromAttributes(int attributes) {
        return values()[attributes & 3];
    }
}
