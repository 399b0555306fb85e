package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.cursor.CursorEngine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guest's pointer: its shape, position and visibility (protocol reference §6). Mirrors spice-gtk's
 * {@code SpiceCursorChannel}; shapes arrive decoded as {@link CursorShape}s. One cursor channel goes with each
 * display channel, with the same id.
 */
public final class CursorChannel extends SpiceChannel {
    private final List<CursorChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final CursorEngine engine;

    CursorChannel(ChannelHost host, int id) {
        super(host.session());
        engine = new CursorEngine(host, id, new Events());
    }

    @Override
    CursorEngine engine() {
        return engine;
    }

    @Override
    List<CursorChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(CursorChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(CursorChannelListener listener) {
        listeners.remove(listener);
    }

    /** @return the last shape the guest set (spice-gtk's {@code cursor} property); empty before one or after a reset */
    public Optional<CursorShape> shape() {
        return engine.shape();
    }

    /** @return whether the guest shows its cursor: it has a shape and has not hidden it */
    public boolean isVisible() {
        return engine.isVisible();
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements CursorEngine.Events {
        @Override
        public void cursorSet(CursorShape shape) {
            listeners.forEach(listener -> listener.cursorSet(CursorChannel.this, shape));
        }

        @Override
        public void cursorMove(int x, int y) {
            listeners.forEach(listener -> listener.cursorMove(CursorChannel.this, x, y));
        }

        @Override
        public void cursorHide() {
            listeners.forEach(listener -> listener.cursorHide(CursorChannel.this));
        }

        @Override
        public void cursorReset() {
            listeners.forEach(listener -> listener.cursorReset(CursorChannel.this));
        }
    }
}
