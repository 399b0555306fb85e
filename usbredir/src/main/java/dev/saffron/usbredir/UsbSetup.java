package dev.saffron.usbredir;

/**
 * A control transfer's setup packet. {@code length} is wLength: the most bytes an IN request reads, or the bytes
 * an OUT request carries.
 */
public record UsbSetup(int requestType, int request, int value, int index, int length) {
    /** @return whether the data stage goes from the device to the host */
    public boolean isIn() {
        return (requestType & 0x80) != 0;
    }

    @Override
    public String toString() {
        return String.format("setup(type 0x%02x, request 0x%02x, value 0x%04x, index 0x%04x, length %d)",
                requestType, request, value, index, length);
    }
}
