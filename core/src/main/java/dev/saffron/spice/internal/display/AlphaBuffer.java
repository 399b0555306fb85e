package dev.saffron.spice.internal.display;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * An 8-bit alpha-only image ({@code SPICE_SURFACE_FMT_8_A}, pixman's a8): pixel (x, y) is the byte at
 * {@code offset + y * stride + x}. Used as a composite source or mask, where it reads as {@code a << 24}.
 * A view: it owns nothing.
 *
 * @param segment the memory
 * @param offset  byte offset of pixel (0, 0)
 * @param width   pixels per row
 * @param height  rows
 * @param stride  bytes from one row to the next
 */
public record AlphaBuffer(MemorySegment segment, long offset, int width, int height, int stride) {
    /** Checks that the view fits its segment. */
    public AlphaBuffer {
        Objects.requireNonNull(segment, "segment");
        if (width < 0 || height < 0 || stride < width || offset < 0
                || (height > 0 && offset + (long) (height - 1) * stride + width > segment.byteSize())) {
            throw new IllegalArgumentException("alpha buffer " + width + "x" + height + " stride " + stride
                    + " does not fit a segment of " + segment.byteSize() + " bytes");
        }
    }
}
