package dev.saffron.spice;

import dev.saffron.spice.internal.display.Surface;

import java.lang.foreign.MemorySegment;

/**
 * A display surface: its pixels live off-heap, 32 bits per pixel (value {@code 0xAARRGGBB} in little-endian
 * order, i.e. bytes B, G, R, X/A), whatever the server's {@link #format()}. The display channel draws into it
 * on its own thread; readers see whole draws only, through {@link #read} or {@link #toArgb()}.
 */
public final class DisplaySurface {
    /** Receives a surface's pixels; they may only be read during the call. */
    @FunctionalInterface
    public interface PixelReader<T> {
        /**
         * @param pixels the pixel memory, {@code stride * height} bytes
         * @param width  pixels per row
         * @param height rows
         * @param stride bytes from one row to the next
         */
        T read(MemorySegment pixels, int width, int height, int stride);
    }

    private final Surface surface;

    DisplaySurface(Surface surface) {
        this.surface = surface;
    }

    /** @return the surface id (0 is a display channel's primary surface) */
    public int id() {
        return surface.id();
    }

    /** @return width in pixels */
    public int width() {
        return surface.width();
    }

    /** @return height in pixels */
    public int height() {
        return surface.height();
    }

    /** @return the format the server declared */
    public SurfaceFormat format() {
        return surface.format();
    }

    /** @return whether this is the channel's primary (visible) surface */
    public boolean isPrimary() {
        return surface.isPrimary();
    }

    /**
     * Reads the pixels under the surface's lock: no draw is half done while {@code reader} runs.
     *
     * @throws IllegalStateException if the surface was destroyed
     */
    public <T> T read(PixelReader<T> reader) {
        return surface.read(reader);
    }

    /**
     * @return a copy of the pixels as {@code 0xAARRGGBB} ints, row after row; alpha is 0xFF for opaque formats
     * @throws IllegalStateException if the surface was destroyed
     */
    public int[] toArgb() {
        return surface.toArgb();
    }

    /** @return whether the server destroyed this surface */
    public boolean isDestroyed() {
        return surface.isDestroyed();
    }
}
