package dev.saffron.spice.internal.display;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A 32-bit image in memory: pixel (x, y) is the little-endian int at {@code offset + y * stride + 4 * x},
 * value {@code 0xAARRGGBB} (bytes B, G, R, A: pixman's x8r8g8b8 / a8r8g8b8 on little-endian machines).
 * For images without alpha the top byte carries no meaning. A view: it owns nothing.
 *
 * @param segment  the memory
 * @param offset   byte offset of pixel (0, 0)
 * @param width    pixels per row
 * @param height   rows
 * @param stride   bytes from one row to the next
 * @param hasAlpha whether the top byte is alpha (premultiplied, as pixman's a8r8g8b8)
 */
public record PixelBuffer(MemorySegment segment, long offset, int width, int height, int stride, boolean hasAlpha) {
    /** Little-endian int access for pixels. */
    public static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Checks that the view fits its segment. */
    public PixelBuffer {
        if (width < 0 || height < 0 || stride < 4L * width || offset < 0
                || (height > 0 && offset + (long) (height - 1) * stride + 4L * width > segment.byteSize())) {
            throw new IllegalArgumentException("pixel buffer " + width + "x" + height + " stride " + stride
                    + " does not fit a segment of " + segment.byteSize() + " bytes");
        }
    }

    /** @return a tightly packed heap-backed buffer of the given size, all zero */
    public static PixelBuffer allocateHeap(int width, int height, boolean hasAlpha) {
        return new PixelBuffer(MemorySegment.ofArray(new int[Math.multiplyExact(width, height)]), 0,
                width, height, width * 4, hasAlpha);
    }

    /**
     * @return a tightly packed buffer of the given size in native memory, all zero, freed when {@code owner}
     *         closes: native decoders write into it directly
     */
    public static PixelBuffer allocate(Arena owner, int width, int height, boolean hasAlpha) {
        return new PixelBuffer(owner.allocate(4L * Math.multiplyExact(width, height), 64), 0,
                width, height, width * 4, hasAlpha);
    }

    /**
     * @return a tightly packed buffer of the given size in native memory, all zero, freed by the garbage
     *         collector once unreachable: only for a buffer whose users no single owner can outlive, such as
     *         a video picture that the reader decodes and the presenter draws after the stream may be gone
     */
    public static PixelBuffer allocateNative(int width, int height, boolean hasAlpha) {
        return allocate(Arena.ofAuto(), width, height, hasAlpha);
    }

    /** @return the pixel at (x, y); the caller keeps x and y in range */
    public int get(int x, int y) {
        return segment.get(PIXEL, offset + (long) y * stride + 4L * x);
    }

    /** Sets the pixel at (x, y); the caller keeps x and y in range. */
    public void set(int x, int y, int argb) {
        segment.set(PIXEL, offset + (long) y * stride + 4L * x, argb);
    }

    /** @return the whole image as a rectangle */
    public Rect bounds() {
        return new Rect(0, 0, width, height);
    }
}
