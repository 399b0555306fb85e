package dev.saffron.usbredir;

/**
 * A USB device on the host, as {@link HostUsbDevices#list()} finds it: where it is on the bus and what the guest
 * would be told of it.
 */
public record HostUsbDescription(int bus, int address, UsbDeviceInfo info) {
    /** @return {@code BUS-ADDRESS}, the form {@code --redirect} takes */
    public String busAddress() {
        return bus + "-" + address;
    }

    /** @return whether a selector ({@code VID:PID} in hex, or {@code BUS-ADDRESS} in decimal) names this device */
    public boolean matches(String selector) {
        return HostUsbDevices.parseSelector(selector).test(this);
    }

    @Override
    public String toString() {
        return String.format("%-7s %s  class %02x  %s", busAddress(), info.ids(), info.deviceClass(),
                info.description());
    }
}
