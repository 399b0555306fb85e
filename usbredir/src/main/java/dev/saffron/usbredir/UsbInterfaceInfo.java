package dev.saffron.usbredir;

/** One interface of a device's active configuration, as usbredir's interface_info tells the guest. */
public record UsbInterfaceInfo(int number, int interfaceClass, int subclass, int protocol) {
}
