package dev.saffron.usbredir;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hotplug decisions on a host whose devices the test plugs and pulls: the redirect-on-connect filter for what is
 * there at the start, the auto-redirect filter for what comes later, hubs never, and a device pulled from the host
 * leaves the guest.
 */
class HostUsbAutoRedirectTest {
    private static HostUsbDescription device(int address, int deviceClass, int interfaceClass, int product) {
        return new HostUsbDescription(1, address, new UsbDeviceInfo(UsbSpeed.HIGH, deviceClass, 0, 0, 0x1234, product,
                0x0100, List.of(new UsbInterfaceInfo(0, interfaceClass, 1, 1)), List.of(),
                "device " + address));
    }

    /** A host whose device list the test sets, and a guest that takes every device. */
    private static final class FakeHost implements HostUsbAutoRedirect.Host {
        final List<HostUsbDescription> devices = new ArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public List<HostUsbDescription> list() {
            return List.copyOf(devices);
        }

        @Override
        public UsbDevice open(HostUsbDescription device) throws UsbRedirException {
            if (device.info().productId() == 0xDEAD) {
                throw new UsbRedirException(UsbRedirException.Reason.NO_PERMISSION, "no permission");
            }
            return new EmulatedDeviceStub(device.info());
        }

        @Override
        public CompletableFuture<Runnable> plug(UsbDevice device) {
            events.add("plug " + device.info().description());
            return CompletableFuture.completedFuture(() -> events.add("unplug " + device.info().description()));
        }
    }

    /** A device that answers nothing: the watcher only plugs and unplugs it. */
    private record EmulatedDeviceStub(UsbDeviceInfo info) implements UsbDevice {
        @Override
        public UsbTransfer control(UsbSetup setup, byte[] out) {
            return UsbTransfer.failed(UsbStatus.STALL);
        }

        @Override
        public UsbTransfer bulk(int endpoint, byte[] out, int inLength) {
            return UsbTransfer.failed(UsbStatus.INVALID);
        }

        @Override
        public UsbTransfer interrupt(int endpoint, byte[] out, int inLength) {
            return UsbTransfer.failed(UsbStatus.INVALID);
        }

        @Override
        public UsbStatus setConfiguration(int configuration) {
            return UsbStatus.SUCCESS;
        }

        @Override
        public int configuration() {
            return 1;
        }

        @Override
        public UsbStatus setAltSetting(int interfaceNumber, int altSetting) {
            return UsbStatus.SUCCESS;
        }

        @Override
        public int altSetting(int interfaceNumber) {
            return 0;
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void filtersDecideAtConnectAndOnHotplugAndPulledDevicesLeave() throws Exception {
        FakeHost host = new FakeHost();
        List<String> reports = new CopyOnWriteArrayList<>();
        host.devices.add(device(1, 0x09, 0x09, 1));
        host.devices.add(device(2, 0, 0x08, 2));
        host.devices.add(device(3, 0, 0x03, 3));
        UsbFilter onConnect = UsbFilter.parse("0x08,-1,-1,-1,1|-1,-1,-1,-1,0");
        HostUsbAutoRedirect watcher = new HostUsbAutoRedirect(host, HostUsbAutoRedirect.DEFAULT_AUTO_REDIRECT_FILTER,
                onConnect, reports::add, false);
        watcher.poll();
        assertEquals(List.of("plug device 2"), host.events, "at connect: the storage device, not the hub or HID");

        host.devices.add(device(4, 0, 0x03, 4));
        host.devices.add(device(5, 0, 0xFF, 5));
        host.devices.add(device(6, 0, 0xFF, 0xDEAD));
        watcher.poll();
        assertEquals(List.of("plug device 2", "plug device 5"), host.events,
                "hotplugged: the vendor device; not the HID one, and not the one that cannot be opened");
        assertEquals(1, reports.stream().filter(each -> each.contains("no permission")).count(), reports.toString());

        host.devices.removeIf(each -> each.address() == 2);
        watcher.poll();
        watcher.poll();
        assertEquals(List.of("plug device 2", "plug device 5", "unplug device 2"), host.events);
        watcher.close();
    }
}
