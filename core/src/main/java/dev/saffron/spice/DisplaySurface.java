package dev.saffron.spice;

import dev.saffron.spice.internal.display.PixelBuffer;
import dev.saffron.spice.internal.display.SurfacePixels;

import java.lang.foreign.MemorySegment;

/**
 * A display surface: its pixels live off-heap, 32 bits per pixel (value {@code 0xAARRGGBB} in little-endian
 * order, i.e. bytes B, G, R, X/A), whatever the server's {@link #format()}. The display channel draws into it
 * on its own threads; readers see whole draws only, through {@link #read} or {@link #toArgb()}. The channel
 * owns the memory and frees it when the server destroys the surface or the channel ends; reads fail after.
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

    private final SurfaceFormat format;
    private final boolean primary;
    private final SurfacePixels pixels;

    DisplaySurface(SurfacePixels pixels, SurfaceFormat format, boolean primary) {
        this.pixels = pixels;
        this.format = format;
        this.primary = primary;
    }

    /** @return the surface id (0 is a display channel's primary surface) */
    public int id() {
        return pixels.id();
    }

    /** @return width in pixels */
    public int width() {
        return pixels.width();
    }

    /** @return height in pixels */
    public int height() {
        return pixels.height();
    }

    /** @return the format the server declared */
    public SurfaceFormat format() {
        return format;
    }

    /** @return whether this is the channel's primary (visible) surface */
    public boolean isPrimary() {
        return primary;
    }

    /**
     * Reads the pixels under the surface's lock: no draw is half done while {@code reader} runs.
     *
     * @throws IllegalStateException if the surface was destroyed
     */
    public <T> T read(PixelReader<T> reader) {
        return pixels.read(buffer -> reader.read(buffer.segment(), buffer.width(), buffer.height(),
                buffer.stride()));
    }

    /**
     * @return a copy of the pixels as {@code 0xAARRGGBB} ints, row after row; alpha is 0xFF for opaque formats
     * @throws IllegalStateException if the surface was destroyed
     */
    public int[] toArgb() {
        return read((segment, width, height, stride) -> {
            int[] argb = new int[width * height];
            for (int y = 0; y < height; y++) {
                MemorySegment.copy(segment, PixelBuffer.PIXEL, (long) y * stride, argb, y * width, width);
            }
            if (!format.hasAlpha()) {
                for (int i = 0; i < argb.length; i++) {
                    argb[i] |= 0xFF00_0000;
                }
            }
            return argb;
        });
    }

    /** @return whether the server destroyed this surface, or its channel ended */
    public boolean isDestroyed() {
        return pixels.isFreed();
    }
}
