package dev.saffron.spice;

import java.nio.ByteBuffer;

/** Hears a usbredir channel; same threading rules as {@link ChannelListener}. */
public interface UsbRedirChannelListener extends ChannelListener {
    /**
     * usbredir protocol bytes from the guest's {@code usb-redir} device, decompressed. Message boundaries carry no
     * meaning: a usbredir packet may span several calls.
     *
     * @param data a read-only buffer the listener owns from now on
     */
    default void usbRedirData(UsbRedirChannel channel, ByteBuffer data) {
    }
}
