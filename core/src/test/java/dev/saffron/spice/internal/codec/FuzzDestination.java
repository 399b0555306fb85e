package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A destination for fuzzed decodes: a heap segment with a margin before the image, after it and at the end of
 * every row, all filled with a marker byte, so a decoder that writes outside the image's rectangle is caught
 * even where the segment's own bounds check would not see it.
 */
final class FuzzDestination {
    /** Limits small enough that every image a fuzzer makes decodes quickly, large enough for the seeds. */
    static final ImageLimits LIMITS = new ImageLimits(1024, 1024, 1 << 16);

    private static final byte MARK = 0x5A;
    private static final int OFFSET = 20;
    private static final int ROW_PADDING = 12;
    private static final int TAIL = 16;

    private final byte[] bytes;
    private final int width;
    private final int height;
    private final int stride;

    private FuzzDestination(int width, int height) {
        this.width = width;
        this.height = height;
        this.stride = 4 * width + ROW_PADDING;
        this.bytes = new byte[OFFSET + stride * height + TAIL];
        Arrays.fill(bytes, MARK);
    }

    /** @return a destination for a width x height image, which must be within {@link #LIMITS} */
    static FuzzDestination of(int width, int height) {
        if ((long) width * height > LIMITS.maxPixels()) {
            throw new AssertionError("the decoder passed a " + width + "x" + height + " image over the limits");
        }
        return new FuzzDestination(width, height);
    }

    MemorySegment segment() {
        return MemorySegment.ofArray(bytes);
    }

    long offset() {
        return OFFSET;
    }

    int stride() {
        return stride;
    }

    /** @return the same memory as a pixel buffer, for decoders that take one */
    PixelBuffer pixels(boolean hasAlpha) {
        return new PixelBuffer(segment(), OFFSET, width, height, stride, hasAlpha);
    }

    /** @throws AssertionError if a byte outside the image's rectangle changed */
    void assertMarginsUntouched() {
        checkMarked(0, OFFSET);
        for (int row = 0; row < height; row++) {
            int rowEnd = OFFSET + row * stride + 4 * width;
            checkMarked(rowEnd, rowEnd + ROW_PADDING);
        }
        checkMarked(bytes.length - TAIL, bytes.length);
    }

    private void checkMarked(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != MARK) {
                throw new AssertionError("the decoder wrote byte " + i + " outside a " + width + "x" + height
                        + " image at offset " + OFFSET + " with stride " + stride);
            }
        }
    }
}
