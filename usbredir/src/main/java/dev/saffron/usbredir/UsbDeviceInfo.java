package dev.saffron.usbredir;

import java.util.List;
import java.util.Optional;

/**
 * What the guest is told about a device when it is plugged in: usbredir's device_connect, interface_info and
 * ep_info. Endpoint 0 (control) is implied and not listed.
 *
 * @param description a human-readable name, for messages
 */
public record UsbDeviceInfo(UsbSpeed speed, int deviceClass, int deviceSubclass, int deviceProtocol, int vendorId,
        int productId, int deviceVersionBcd, List<UsbInterfaceInfo> interfaces, List<UsbEndpointInfo> endpoints,
        String description) {
    public UsbDeviceInfo {
        interfaces = List.copyOf(interfaces);
        endpoints = List.copyOf(endpoints);
    }

    /** @return the endpoint with this address, if the active configuration has it */
    public Optional<UsbEndpointInfo> endpoint(int address) {
        return endpoints.stream().filter(each -> each.address() == address).findFirst();
    }

    /** @return {@code vvvv:pppp}, as lsusb writes it */
    public String ids() {
        return String.format("%04x:%04x", vendorId, productId);
    }
}
