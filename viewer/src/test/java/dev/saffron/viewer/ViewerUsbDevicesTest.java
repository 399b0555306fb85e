package dev.saffron.viewer;

import dev.saffron.gl.UsbDevices;
import dev.saffron.usbredir.EmulatedUsbDisk;
import dev.saffron.usbredir.HostUsbDescription;
import dev.saffron.usbredir.UsbDevice;
import dev.saffron.usbredir.UsbRedirException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewerUsbDevicesTest {
    @TempDir
    Path temp;

    /** A guest that has what it was given. */
    private static final class FakeGuest implements ViewerUsbDevices.Guest {
        final List<UsbDevice> plugged = new ArrayList<>();
        String refusal;

        @Override
        public List<UsbDevice> plugged() {
            return List.copyOf(plugged);
        }

        @Override
        public CompletableFuture<Void> plug(UsbDevice device) {
            if (refusal != null) {
                return CompletableFuture.failedFuture(new UsbRedirException(UsbRedirException.Reason.NO_FREE_CHANNEL,
                        refusal));
            }
            plugged.add(device);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unplug(UsbDevice device) {
            plugged.remove(device);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** A host without USB devices, as this machine (and most containers) is. */
    private static final class NoDevices implements ViewerUsbDevices.Host {
        UsbRedirException failure;

        @Override
        public List<HostUsbDescription> list() throws UsbRedirException {
            if (failure != null) {
                throw failure;
            }
            return List.of();
        }

        @Override
        public UsbDevice open(HostUsbDescription device) throws UsbRedirException {
            throw new UsbRedirException(UsbRedirException.Reason.NO_SUCH_DEVICE, "no such device");
        }
    }

    private EmulatedUsbDisk disk() throws Exception {
        Path image = temp.resolve("disk.img");
        Files.write(image, new byte[64 * 512]);
        return EmulatedUsbDisk.open(image, false);
    }

    @Test
    void theEmulatedDiskIsListedAndPluggedInAndOutThroughThePicker() throws Exception {
        FakeGuest guest = new FakeGuest();
        try (EmulatedUsbDisk disk = disk();
             ViewerUsbDevices devices = new ViewerUsbDevices(guest, new NoDevices(), List.of(disk), Optional.empty())) {
            assertEquals(List.of(new UsbDevices.Device("disk:0", "USB disk disk.img (emulated)", false)), devices.list());
            assertEquals("auto-redirect: off", devices.autoRedirect());

            devices.connect("disk:0").get();
            assertEquals(List.of(disk), guest.plugged);
            assertTrue(devices.list().getFirst().redirected());

            devices.disconnect("disk:0").get();
            assertEquals(List.of(), guest.plugged);
            assertEquals(false, devices.list().getFirst().redirected());

            devices.connect("disk:0").get();
            devices.disconnectAll();
            assertEquals(List.of(), guest.plugged, "usb-device-reset unplugs it");
        }
    }

    @Test
    void aRefusalAndAnUnknownDeviceFailTheFutureWithTheReason() throws Exception {
        FakeGuest guest = new FakeGuest();
        guest.refusal = "all 1 USB redirection slots of the VM hold a device";
        try (EmulatedUsbDisk disk = disk();
             ViewerUsbDevices devices = new ViewerUsbDevices(guest, new NoDevices(), List.of(disk),
                     Optional.of("on, for the devices the filters given allow"))) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> devices.connect("disk:0").get());
            assertTrue(refused.getCause().getMessage().contains("slots"), refused.getCause().getMessage());
            ExecutionException gone = assertThrows(ExecutionException.class, () -> devices.connect("host:1-4").get());
            assertInstanceOf(IllegalArgumentException.class, gone.getCause());
            assertEquals("auto-redirect: on, for the devices the filters given allow", devices.autoRedirect());
        }
    }

    @Test
    void withoutDevicesTheListIsEmptyAndAnUnusableLibraryIsSaid() throws Exception {
        NoDevices host = new NoDevices();
        try (ViewerUsbDevices devices = new ViewerUsbDevices(new FakeGuest(), host, List.of(), Optional.empty())) {
            assertEquals(List.of(), devices.list());
            host.failure = new UsbRedirException(UsbRedirException.Reason.USB_LIBRARY, "libusb cannot list the devices");
            IllegalStateException failed = assertThrows(IllegalStateException.class, devices::list);
            assertEquals("libusb cannot list the devices", failed.getMessage());
            devices.disconnectAll();
        }
    }
}
