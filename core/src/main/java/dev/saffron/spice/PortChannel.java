package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.port.PortEngine;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A named byte stream between the client and a guest or QEMU character device, such as QEMU's QMP monitor
 * ({@code org.qemu.monitor.qmp.0}). Mirrors spice-gtk's {@code SpicePortChannel}.
 */
public final class PortChannel extends SpiceChannel {
    /** The guest side opened the port. */
    public static final int EVENT_OPENED = 0;
    /** The guest side closed the port. */
    public static final int EVENT_CLOSED = 1;
    /** A break condition. */
    public static final int EVENT_BREAK = 2;

    private final List<PortChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final PortEngine engine;

    PortChannel(ChannelHost host, int id) {
        super(host.session());
        engine = new PortEngine(host, id, new Events());
    }

    @Override
    PortEngine engine() {
        return engine;
    }

    @Override
    List<PortChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(PortChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(PortChannelListener listener) {
        listeners.remove(listener);
    }

    /** @return the port's name, once the server sent it */
    public Optional<String> portName() {
        return engine.portName();
    }

    /** @return whether the guest side of the port is open */
    public boolean isPortOpened() {
        return engine.isPortOpened();
    }

    /**
     * Sends bytes to the guest side (spice-gtk's {@code spice_port_channel_write_async}). The buffer's remaining
     * bytes are sent; it must not be changed until the future completes.
     *
     * @return completes with the number of bytes written, or fails if the port is not opened or the channel ends
     */
    public CompletableFuture<Integer> write(ByteBuffer data) {
        return engine.write(data);
    }

    /** Sends a port event to the server (spice-gtk's {@code spice_port_channel_event}). */
    public CompletableFuture<Void> event(int event) {
        return engine.event(event);
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements PortEngine.Events {
        @Override
        public void portName(String name) {
            listeners.forEach(listener -> listener.portName(PortChannel.this, name));
        }

        @Override
        public void portOpened(boolean opened) {
            listeners.forEach(listener -> listener.portOpened(PortChannel.this, opened));
        }

        @Override
        public void portData(ByteBuffer data) {
            // Each listener owns its buffer; the engine made one copy of the bytes.
            listeners.forEach(listener -> listener.portData(PortChannel.this, data.duplicate()));
        }

        @Override
        public void portEvent(int event) {
            listeners.forEach(listener -> listener.portEvent(PortChannel.this, event));
        }
    }
}
