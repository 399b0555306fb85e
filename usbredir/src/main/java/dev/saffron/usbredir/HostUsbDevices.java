package dev.saffron.usbredir;

import dev.saffron.usbredir.internal.LibUsbContext;
import org.usb4java.ConfigDescriptor;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceList;
import org.usb4java.EndpointDescriptor;
import org.usb4java.Interface;
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's USB devices through libusb (usb4java): listing them, and opening one for redirection by
 * {@code VID:PID} or {@code BUS-ADDRESS}. A machine without USB devices (or without usbfs, as in many containers)
 * lists none, which is no error.
 */
public final class HostUsbDevices {
    private static final Pattern IDS = Pattern.compile("([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})");
    private static final Pattern BUS_ADDRESS = Pattern.compile("(\\d{1,3})-(\\d{1,3})");

    private HostUsbDevices() {
    }

    /**
     * @return the host's devices, root hubs included, in libusb's order
     * @throws UsbRedirException ({@link UsbRedirException.Reason#USB_LIBRARY}) if libusb cannot be used
     */
    public static List<HostUsbDescription> list() throws UsbRedirException {
        var context = LibUsbContext.get();
        DeviceList devices = new DeviceList();
        int count = LibUsb.getDeviceList(context, devices);
        if (count < 0) {
            throw new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "libusb cannot list the devices: "
                    + LibUsb.strError(count));
        }
        try {
            List<HostUsbDescription> out = new ArrayList<>();
            for (Device device : devices) {
                describe(device).ifPresent(out::add);
            }
            return out;
        } finally {
            LibUsb.freeDeviceList(devices, true);
        }
    }

    /**
     * Opens the device a selector names, detaching the kernel drivers of its interfaces (they are re-attached
     * when it is closed).
     *
     * @param selector {@code VID:PID} (hexadecimal, as lsusb prints them) or {@code BUS-ADDRESS} (decimal)
     * @throws IllegalArgumentException if the selector is neither form
     * @throws UsbRedirException        ({@link UsbRedirException.Reason#NO_SUCH_DEVICE} when no device matches,
     *                                  {@link UsbRedirException.Reason#NO_PERMISSION}, {@link UsbRedirException.Reason#BUSY},
     *                                  {@link UsbRedirException.Reason#USB_LIBRARY}) if it cannot be opened
     */
    public static HostUsbDevice open(String selector) throws UsbRedirException {
        Predicate<HostUsbDescription> wanted = parseSelector(selector);
        var context = LibUsbContext.get();
        DeviceList devices = new DeviceList();
        int count = LibUsb.getDeviceList(context, devices);
        if (count < 0) {
            throw new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "libusb cannot list the devices: "
                    + LibUsb.strError(count));
        }
        try {
            for (Device device : devices) {
                var description = describe(device);
                if (description.isPresent() && wanted.test(description.get())) {
                    return HostUsbDevice.open(device, description.get());
                }
            }
        } finally {
            LibUsb.freeDeviceList(devices, true);
        }
        throw new UsbRedirException(UsbRedirException.Reason.NO_SUCH_DEVICE, "no USB device " + selector
                + " on this machine (saffron usb URI --list shows them)");
    }

    static Predicate<HostUsbDescription> parseSelector(String selector) {
        Matcher ids = IDS.matcher(selector.strip());
        if (ids.matches()) {
            int vendor = Integer.parseInt(ids.group(1), 16);
            int product = Integer.parseInt(ids.group(2), 16);
            return each -> each.info().vendorId() == vendor && each.info().productId() == product;
        }
        Matcher busAddress = BUS_ADDRESS.matcher(selector.strip());
        if (busAddress.matches()) {
            int bus = Integer.parseInt(busAddress.group(1));
            int address = Integer.parseInt(busAddress.group(2));
            return each -> each.bus() == bus && each.address() == address;
        }
        throw new IllegalArgumentException("'" + selector + "' names no USB device: give VID:PID in hex (as lsusb "
                + "prints it, e.g. 0781:5567) or BUS-ADDRESS in decimal (e.g. 1-4)");
    }

    private static java.util.Optional<HostUsbDescription> describe(Device device) {
        DeviceDescriptor descriptor = new DeviceDescriptor();
        if (LibUsb.getDeviceDescriptor(device, descriptor) != LibUsb.SUCCESS) {
            return java.util.Optional.empty();
        }
        List<UsbInterfaceInfo> interfaces = new ArrayList<>();
        List<UsbEndpointInfo> endpoints = new ArrayList<>();
        ConfigDescriptor config = new ConfigDescriptor();
        if (LibUsb.getActiveConfigDescriptor(device, config) == LibUsb.SUCCESS) {
            try {
                for (Interface each : config.iface()) {
                    InterfaceDescriptor first = each.altsetting()[0];
                    int number = first.bInterfaceNumber() & 0xFF;
                    interfaces.add(new UsbInterfaceInfo(number, first.bInterfaceClass() & 0xFF,
                            first.bInterfaceSubClass() & 0xFF, first.bInterfaceProtocol() & 0xFF));
                    for (EndpointDescriptor endpoint : first.endpoint()) {
                        endpoints.add(new UsbEndpointInfo(endpoint.bEndpointAddress() & 0xFF,
                                UsbTransferType.fromAttributes(endpoint.bmAttributes()), endpoint.bInterval() & 0xFF,
                                endpoint.wMaxPacketSize() & 0xFFFF, number));
                    }
                }
            } finally {
                LibUsb.freeConfigDescriptor(config);
            }
        }
        int vendor = descriptor.idVendor() & 0xFFFF;
        int product = descriptor.idProduct() & 0xFFFF;
        int deviceClass = descriptor.bDeviceClass() & 0xFF;
        String description = String.format(Locale.ROOT, "USB device %04x:%04x on bus %d address %d", vendor, product,
                LibUsb.getBusNumber(device), LibUsb.getDeviceAddress(device));
        UsbDeviceInfo info = new UsbDeviceInfo(speed(LibUsb.getDeviceSpeed(device)), deviceClass,
                descriptor.bDeviceSubClass() & 0xFF, descriptor.bDeviceProtocol() & 0xFF, vendor, product,
                descriptor.bcdDevice() & 0xFFFF, interfaces, endpoints, description);
        return java.util.Optional.of(new HostUsbDescription(LibUsb.getBusNumber(device),
                LibUsb.getDeviceAddress(device), info));
    }

    private static UsbSpeed speed(int libusbSpeed) {
        return switch (libusbSpeed) {
            case LibUsb.SPEED_LOW -> UsbSpeed.LOW;
            case LibUsb.SPEED_FULL -> UsbSpeed.FULL;
            case LibUsb.SPEED_HIGH -> UsbSpeed.HIGH;
            case LibUsb.SPEED_SUPER -> UsbSpeed.SUPER;
            default -> UsbSpeed.UNKNOWN;
        };
    }
}
