package dev.saffron.usbredir;

import dev.saffron.spice.UsbRedirChannel;
import dev.saffron.usbredir.internal.SlotHost;

import java.util.concurrent.CompletableFuture;

/** One device plugged into the guest through one usbredir slot. Made by {@link UsbRedirector#redirect}. */
public final class UsbRedirection {
    private final UsbDevice device;
    private final SlotHost slot;
    private final UsbRedirChannel channel;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    UsbRedirection(UsbDevice device, SlotHost slot, UsbRedirChannel channel) {
        this.device = device;
        this.slot = slot;
        this.channel = channel;
    }

    public UsbDevice device() {
        return device;
    }

    /** @return the usbredir channel (slot) the device is plugged into */
    public UsbRedirChannel channel() {
        return channel;
    }

    /**
     * Unplugs the device from the guest. The device stays open: its owner closes it (or plugs it in again).
     *
     * @return completes once the guest let go of it
     */
    public CompletableFuture<Void> unplug() {
        return slot.unplug();
    }

    /**
     * @return completes when the device has left the guest: normally after {@link #unplug}, exceptionally with a
     *         {@link UsbRedirException} when the guest refused it or its slot closed
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    void end(UsbRedirException cause) {
        if (cause == null) {
            ended.complete(null);
        } else {
            ended.completeExceptionally(cause);
        }
    }

    @Override
    public String toString() {
        return device.info().description() + " on " + channel.name();
    }
}
