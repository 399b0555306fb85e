package dev.saffron.spice;

/**
 * Hears a cursor channel, like spice-gtk's cursor signals; same threading rules as {@link ChannelListener}. In
 * server mouse mode these events are where the guest's pointer is; in client mode the application draws the
 * shape at its own pointer.
 */
public interface CursorChannelListener extends ChannelListener {
    /** The guest set a new cursor shape, which is now shown (spice-gtk's {@code cursor} notification). */
    default void cursorSet(CursorChannel channel, CursorShape shape) {
    }

    /**
     * The guest's cursor is at a position on the display (spice-gtk's {@code cursor-move}); a hidden cursor
     * with a shape shows again.
     */
    default void cursorMove(CursorChannel channel, int x, int y) {
    }

    /** The guest hid its cursor, or has none (spice-gtk's {@code cursor-hide}). */
    default void cursorHide(CursorChannel channel) {
    }

    /** The server dropped the cursor state; show the default cursor until a new one arrives (spice-gtk's {@code cursor-reset}). */
    default void cursorReset(CursorChannel channel) {
    }
}
