package dev.saffron.usbredir;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Host USB devices through usb4java on whatever machine runs the tests: CI machines and containers have no USB
 * devices (or no usbfs), and listing none is a valid result; a device that does not exist is a typed error.
 * A real device is checked by hand (README, USB redirection).
 */
class HostUsbDevicesTest {
    @Test
    void listingRunsAndDescribesEachDeviceWhereverItIs() throws UsbRedirException {
        List<HostUsbDescription> devices = HostUsbDevices.list();
        for (HostUsbDescription each : devices) {
            assertTrue(each.bus() > 0 && each.address() > 0, each.toString());
            assertTrue(each.matches(each.busAddress()), each.toString());
            assertTrue(each.matches(each.info().ids()), each.toString());
        }
    }

    @Test
    void aDeviceThatIsNotThereIsNoSuchDevice() {
        UsbRedirException byIds = assertThrows(UsbRedirException.class, () -> HostUsbDevices.open("ffff:fffe"));
        assertEquals(UsbRedirException.Reason.NO_SUCH_DEVICE, byIds.reason());
        assertTrue(byIds.getMessage().contains("no USB device ffff:fffe"), byIds.getMessage());
        UsbRedirException byAddress = assertThrows(UsbRedirException.class, () -> HostUsbDevices.open("255-127"));
        assertEquals(UsbRedirException.Reason.NO_SUCH_DEVICE, byAddress.reason());
    }

    @Test
    void selectorsAreVidPidInHexOrBusAddressInDecimal() {
        UsbDeviceInfo info = new UsbDeviceInfo(UsbSpeed.HIGH, 0, 0, 0, 0x0781, 0x5567, 0x0100, List.of(), List.of(),
                "stick");
        HostUsbDescription stick = new HostUsbDescription(1, 4, info);
        assertTrue(stick.matches("0781:5567"));
        assertTrue(stick.matches("781:5567"));
        assertTrue(stick.matches("1-4"));
        assertTrue(!stick.matches("0781:5568") && !stick.matches("1-5") && !stick.matches("2-4"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> stick.matches("sandisk"));
        assertTrue(bad.getMessage().contains("VID:PID"), bad.getMessage());
        assertEquals("1-4", stick.busAddress());
    }
}
