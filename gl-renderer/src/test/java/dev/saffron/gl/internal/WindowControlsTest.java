package dev.saffron.gl.internal;

import dev.saffron.gl.UsbDevices;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowControlsTest {
    /** Devices as a test sets them; connect and disconnect flip them at once. */
    private static final class FakeUsb implements UsbDevices {
        final List<Device> devices = new ArrayList<>();
        String failure;

        @Override
        public List<Device> list() {
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return List.copyOf(devices);
        }

        @Override
        public String autoRedirect() {
            return "auto-redirect: off";
        }

        @Override
        public CompletableFuture<Void> connect(String id) {
            return set(id, true);
        }

        @Override
        public CompletableFuture<Void> disconnect(String id) {
            return set(id, false);
        }

        private CompletableFuture<Void> set(String id, boolean redirected) {
            devices.replaceAll(device -> device.id().equals(id)
                    ? new Device(id, device.description(), redirected) : device);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void disconnectAll() {
            devices.replaceAll(device -> new Device(device.id(), device.description(), false));
        }
    }

    private static List<String> labels(OverlayMenu.Page page) {
        return page.items().stream().map(item -> item.label() + (item.enabled() ? "" : " (note)")).toList();
    }

    @Test
    void withoutUsbRedirectionThePageSaysSo() {
        OverlayMenu.Page page = WindowControls.usbPage(null, "", device -> { });
        assertEquals(List.of("USB redirection is off for this session (note)"), labels(page));
    }

    @Test
    void aHostWithoutDevicesShowsAnHonestEmptyPage() {
        FakeUsb usb = new FakeUsb();
        assertEquals(List.of("auto-redirect: off (note)", "no USB devices to redirect (note)"),
                labels(WindowControls.usbPage(usb, "", device -> { })));
        usb.failure = "libusb is not installed";
        assertEquals(List.of("auto-redirect: off (note)", "cannot list the host's devices: libusb is not installed (note)",
                "no USB devices to redirect (note)"), labels(WindowControls.usbPage(usb, "", device -> { })));
    }

    @Test
    void anEmulatedDiskIsListedAndChoosingItPlugsItInAndOut() {
        FakeUsb usb = new FakeUsb();
        usb.devices.add(new UsbDevices.Device("disk:0", "emulated disk disk.img (16 MiB)", false));
        OverlayMenu menu = new OverlayMenu();
        List<UsbDevices.Device> toggled = new ArrayList<>();
        String[] status = {""};
        menu.open(() -> WindowControls.usbPage(usb, status[0], device -> {
            toggled.add(device);
            CompletableFuture<Void> done = device.redirected() ? usb.disconnect(device.id()) : usb.connect(device.id());
            status[0] = done.isDone() ? "" : "pending";
        }));
        assertEquals(List.of("auto-redirect: off (note)", "[ ] emulated disk disk.img (16 MiB)"), labels(menu.page()));
        assertEquals(1, menu.selected(), "the disk, the first item that can be chosen");
        menu.key(org.lwjgl.glfw.GLFW.GLFW_KEY_ENTER);
        assertTrue(menu.isOpen(), "the page stays to show the result");
        assertEquals(List.of("auto-redirect: off (note)", "[x] emulated disk disk.img (16 MiB)"), labels(menu.page()));
        assertEquals("in the guest", menu.page().items().get(1).detail());
        menu.key(org.lwjgl.glfw.GLFW.GLFW_KEY_ENTER);
        assertEquals(List.of("auto-redirect: off (note)", "[ ] emulated disk disk.img (16 MiB)"), labels(menu.page()));
        assertEquals(2, toggled.size());
        assertTrue(toggled.get(1).redirected(), "the second choice unplugged a redirected disk");
        assertFalse(toggled.get(0).redirected());
    }
}
