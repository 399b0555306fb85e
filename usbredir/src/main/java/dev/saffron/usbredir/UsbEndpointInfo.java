package dev.saffron.usbredir;

/**
 * One endpoint of a device's active configuration, as usbredir's ep_info tells the guest.
 *
 * @param address       the endpoint address, direction bit 0x80 for IN
 * @param interfaceNumber the interface the endpoint belongs to
 */
public record UsbEndpointInfo(int address, UsbTransferType type, int interval, int maxPacketSize,
        int interfaceNumber) {
    public boolean isIn() {
        return (address & 0x80) != 0;
    }
}
