package dev.saffron.spice.internal.display;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One raster glyph of a DRAW_TEXT string ({@code SpiceRasterGlyph}): its {@code width x height} pixels land
 * with their top-left corner at {@code render + origin}. The data holds {@code height} rows of
 * {@code ceil(width * bpp / 8)} bytes, bottom row first as spice-common reads them; within a byte the
 * leftmost pixel is in the most significant bits.
 *
 * @param renderX x of the glyph's render position
 * @param renderY y of the glyph's render position
 * @param originX x offset of the top-left pixel from the render position
 * @param originY y offset of the top-left pixel from the render position
 * @param width   pixels per row (u16)
 * @param height  rows (u16)
 * @param data    the pixel rows; a view, owned by the caller
 */
public record Glyph(int renderX, int renderY, int originX, int originY, int width, int height,
        MemorySegment data) {
    /** Checks the sizes are u16 and the data is there. */
    public Glyph {
        Objects.requireNonNull(data, "data");
        if (width < 0 || width > 0xFFFF || height < 0 || height > 0xFFFF) {
            throw new IllegalArgumentException("glyph size " + width + "x" + height + " is not u16");
        }
    }

    /** @return the bytes one row takes at the given depth */
    static int rowBytes(int width, int bitsPerPixel) {
        return (width * bitsPerPixel + 7) / 8;
    }

    long left() {
        return (long) renderX + originX;
    }

    long top() {
        return (long) renderY + originY;
    }
}
