package dev.saffron.spice;

import java.nio.ByteBuffer;

/** Hears a port channel, like spice-gtk's port signals; same threading rules as {@link ChannelListener}. */
public interface PortChannelListener extends ChannelListener {
    /** The server named the port (spice-gtk's {@code port-name}); comes once, right after the link. */
    default void portName(PortChannel channel, String name) {
    }

    /** The guest side opened or closed the port (spice-gtk's {@code port-opened}). */
    default void portOpened(PortChannel channel, boolean opened) {
    }

    /**
     * Bytes from the guest (spice-gtk's {@code port-data}). Message boundaries carry no meaning.
     *
     * @param data a buffer the listener owns from now on
     */
    default void portData(PortChannel channel, ByteBuffer data) {
    }

    /** A port event arrived (spice-gtk's {@code port-event}): see {@link PortChannel#EVENT_OPENED} and others. */
    default void portEvent(PortChannel channel, int event) {
    }
}
