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

    /**
     * A GL scanout replaced the previous one (spice-gtk's {@code gl-scanout} property). The channel shows it in
     * the primary surface by itself; an embedder that imports it takes a descriptor of its own with
     * {@link GlScanout#duplicateDescriptor()}.
     */
    default void glScanout(DisplayChannel channel, GlScanout scanout) {
    }

    /** The server turned GL scanout off, or sent one that cannot be shown ({@link GlScanoutError}). */
    default void glScanoutOff(DisplayChannel channel) {
    }

    /**
     * A GL_DRAW: this rectangle of the current scanout changed (spice-gtk's {@code gl-draw}). The channel has
     * already answered it and updated the primary surface, whose {@link #invalidate} comes too.
     */
    default void glDraw(DisplayChannel channel, int x, int y, int width, int height) {
    }
}
