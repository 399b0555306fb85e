package dev.saffron.spice;

import java.util.List;

/**
 * Hears a display channel, like spice-gtk's display signals; same threading rules as {@link ChannelListener}.
 * Pixels are read from the surface ({@link DisplaySurface#read}) when an invalidate arrives.
 */
public interface DisplayChannelListener extends ChannelListener {
    /** The primary surface was created (spice-gtk's {@code display-primary-create}). */
    default void primarySurfaceCreated(DisplayChannel channel, DisplaySurface surface) {
    }

    /**
     * The primary surface is gone (spice-gtk's {@code display-primary-destroy}): its memory is already freed
     * and reads of it fail.
     */
    default void primarySurfaceDestroyed(DisplayChannel channel, DisplaySurface surface) {
    }

    /** A rectangle of the primary surface changed (spice-gtk's {@code display-invalidate}). */
    default void invalidate(DisplayChannel channel, int x, int y, int width, int height) {
    }

    /** Whether the primary surface holds a picture worth showing (spice-gtk's {@code display-mark}). */
    default void mark(DisplayChannel channel, boolean marked) {
    }

    /** The server's monitor layout changed (spice-gtk's {@code monitors} property). */
    default void monitorsChanged(DisplayChannel channel, List<DisplayMonitor> monitors) {
    }
}
