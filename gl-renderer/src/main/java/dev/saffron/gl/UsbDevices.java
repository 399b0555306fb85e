package dev.saffron.gl;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The USB devices the window's menu offers to redirect, as remote-viewer's "USB device selection" dialog does:
 * the host's devices and any emulated ones, which of them the guest has, and whether devices are redirected
 * automatically. The window calls these on its own thread and does not wait for the futures.
 */
public interface UsbDevices {
    /**
     * A device the menu lists.
     *
     * @param id          names the device to {@link #connect} and {@link #disconnect}
     * @param description what the user sees, such as {@code 1d6b:0002 Linux Foundation 2.0 root hub}
     * @param redirected  whether the guest has it now
     */
    record Device(String id, String description, boolean redirected) {
        /** @throws NullPointerException if a field is null */
        public Device {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * @return the devices, in a stable order
     * @throws IllegalStateException with the reason when the host's devices cannot be listed (no libusb, ...)
     */
    List<Device> list();

    /** @return one line on automatic redirection, such as {@code auto-redirect: off} */
    String autoRedirect();

    /** Plugs a listed device into the guest; the future fails with the reason it could not. */
    CompletableFuture<Void> connect(String id);

    /** Unplugs a device from the guest; the future fails with the reason it could not. */
    CompletableFuture<Void> disconnect(String id);

    /** Unplugs every redirected device, remote-viewer's {@code usb-device-reset}. */
    void disconnectAll();
}
