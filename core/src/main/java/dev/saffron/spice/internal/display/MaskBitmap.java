package dev.saffron.spice.internal.display;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A 1-bit image used as a draw mask: a set bit lets the draw through. Rows are {@code stride} bytes apart;
 * within a byte the first pixel is the least significant bit ({@code SPICE_BITMAP_FMT_1BIT_LE}, pixman's a1)
 * or, with {@code msbFirst}, the most significant one ({@code 1BIT_BE}). Without {@code topDown} the first
 * row in memory is the bottom row, as SPICE bitmaps without the TOP_DOWN flag are stored. A view: it owns
 * nothing.
 *
 * @param segment  the memory
 * @param offset   byte offset of the first row in memory
 * @param width    pixels per row
 * @param height   rows
 * @param stride   bytes from one row to the next in memory
 * @param msbFirst whether the first pixel of a byte is its top bit
 * @param topDown  whether the first row in memory is the top row
 */
public record MaskBitmap(MemorySegment segment, long offset, int width, int height, int stride,
        boolean msbFirst, boolean topDown) {
    /** Checks that the view fits its segment. */
    public MaskBitmap {
        Objects.requireNonNull(segment, "segment");
        long rowBytes = (width + 7L) / 8;
        if (width < 0 || height < 0 || stride < rowBytes || offset < 0
                || (height > 0 && offset + (long) (height - 1) * stride + rowBytes > segment.byteSize())) {
            throw new IllegalArgumentException("mask bitmap " + width + "x" + height + " stride " + stride
                    + " does not fit a segment of " + segment.byteSize() + " bytes");
        }
    }

    /** @return whether pixel (x, y) is set, y counted from the top; the caller keeps x and y in range */
    boolean bit(int x, int y) {
        int row = topDown ? y : height - 1 - y;
        int b = segment.get(ValueLayout.JAVA_BYTE, offset + (long) row * stride + (x >> 3));
        int shift = msbFirst ? 7 - (x & 7) : x & 7;
        return (b >> shift & 1) != 0;
    }
}
