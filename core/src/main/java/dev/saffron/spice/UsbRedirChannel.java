package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.usbredir.UsbRedirEngine;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One of the VM's USB redirection slots (a QEMU {@code usb-redir} device behind a spicevmc character device): a
 * byte stream carrying the usbredir protocol, in which this client plays the USB host. The session opens one per
 * slot the server announces when {@link SessionConfig#usbredirEnabled()}; the guest's device is "plugged in" to
 * the cable while the channel is open, and a device appears in the guest only once a usbredir host (such as
 * {@code saffron-usbredir}'s) connects one over it. Data is LZ4-compressed both ways where both sides offer it.
 * Mirrors the transport half of spice-gtk's {@code SpiceUsbredirChannel}.
 *
 * <p>When the session relinks the channel to a server that knows nothing of this client (a reconnect, a
 * semi-seamless migration), {@link ChannelEvent#OPENED} fires again: the cable now leads to a new {@code usb-redir}
 * that expects a fresh usbredir conversation (hello first), and the channel's {@link #stream()} number has grown.
 * A seamless migration keeps the stream and fires nothing.
 */
public final class UsbRedirChannel extends SpiceChannel {
    private final List<UsbRedirChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final UsbRedirEngine engine;

    UsbRedirChannel(ChannelHost host, int id) {
        super(host.session());
        engine = new UsbRedirEngine(host, id, new Events());
    }

    @Override
    UsbRedirEngine engine() {
        return engine;
    }

    @Override
    List<UsbRedirChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(UsbRedirChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(UsbRedirChannelListener listener) {
        listeners.remove(listener);
    }

    /**
     * Sends usbredir bytes to the guest's device. The buffer's remaining bytes are sent; it must not be changed
     * until the future completes.
     *
     * @return completes once the bytes are queued to the connection, or fails if the channel is not open
     */
    public CompletableFuture<Void> write(ByteBuffer data) {
        return engine.write(data);
    }

    /** @return the number of the usbredir stream the channel carries now: 0 at first, one more after each relink */
    public long stream() {
        return engine.stream();
    }

    /**
     * Sends usbredir bytes meant for stream {@code stream}: refused once the channel has relinked to a new stream,
     * so that work for the old guest never reaches the new one.
     *
     * @return as {@link #write(ByteBuffer)}, or failed with {@link SpiceException} when that stream has ended
     */
    public CompletableFuture<Void> write(ByteBuffer data, long stream) {
        return engine.write(data, stream);
    }

    /** @return usbredir bytes received from the guest's device so far */
    public long bytesReceived() {
        return engine.bytesReceived();
    }

    /** @return usbredir bytes sent to the guest's device so far, before compression */
    public long bytesSent() {
        return engine.bytesSent();
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements UsbRedirEngine.Events {
        @Override
        public void data(ByteBuffer data) {
            listeners.forEach(listener -> listener.usbRedirData(UsbRedirChannel.this, data.duplicate()));
        }
    }
}
