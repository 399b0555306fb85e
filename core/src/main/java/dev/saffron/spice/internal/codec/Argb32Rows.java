package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes decoded pixels into a caller's 32-bit destination: pixel (x, y) is the little-endian int at
 * {@code offset + y * stride + 4 * x}, holding 0xAARRGGBB (bytes B, G, R, A in memory), rows top-down.
 */
final class Argb32Rows {
    /** A 32-bit pixel as it lies in a surface. */
    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final int OPAQUE = 0xFF000000;

    private Argb32Rows() {
    }

    /**
     * Checks that a width x height image fits the destination, before any pixel is decoded.
     *
     * @throws IllegalArgumentException if it does not, or the destination is read-only
     */
    static void checkDestination(MemorySegment dst, long offset, int stride, int width, int height) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination is read-only");
        }
        long rowBytes = 4L * width;
        if (offset < 0 || stride < rowBytes
                || offset + (long) stride * (height - 1) + rowBytes > dst.byteSize()) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image does not fit "
                    + dst.byteSize() + " bytes at offset " + offset + " with stride " + stride);
        }
    }

    /**
     * Copies stored rows to the destination. Stored row 0 is the top row when {@code topDown}, else the
     * bottom row.
     *
     * @param pixels    stored rows of {@code rowPixels} ARGB pixels each, the first {@code width} visible
     */
    static void write(int[] pixels, int rowPixels, int width, int height, boolean topDown,
                      MemorySegment dst, long offset, int stride) {
        for (int row = 0; row < height; row++) {
            int y = topDown ? row : height - 1 - row;
            MemorySegment.copy(pixels, row * rowPixels, dst, PIXEL, offset + (long) y * stride, width);
        }
    }

    /**
     * Like {@link #write} but with every alpha byte set to 0xFF, for formats whose pad byte is not alpha.
     *
     * @param rowBuffer scratch of at least {@code width} ints
     */
    static void writeOpaque(int[] pixels, int rowPixels, int width, int height, boolean topDown,
                            MemorySegment dst, long offset, int stride, int[] rowBuffer) {
        for (int row = 0; row < height; row++) {
            int from = row * rowPixels;
            for (int x = 0; x < width; x++) {
                rowBuffer[x] = pixels[from + x] | OPAQUE;
            }
            int y = topDown ? row : height - 1 - row;
            MemorySegment.copy(rowBuffer, 0, dst, PIXEL, offset + (long) y * stride, width);
        }
    }

    /**
     * Widens x1r5g5b5 to 0x00RRGGBB the way pixman does, repeating each channel's top bits below it.
     */
    static int expand555(int v) {
        int r = (v >>> 10) & 0x1F;
        int g = (v >>> 5) & 0x1F;
        int b = v & 0x1F;
        return ((r << 3 | r >>> 2) << 16) | ((g << 3 | g >>> 2) << 8) | (b << 3 | b >>> 2);
    }
}
