package dev.saffron.spice.internal.display;

import java.lang.foreign.MemorySegment;

/** Small hand-made images for canvas tests. */
final class Images {
    private Images() {
    }

    /** @return a heap image with the given pixels, row by row */
    static PixelBuffer of(int width, int height, boolean alpha, int... pixels) {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + width + "x" + height);
        }
        PixelBuffer image = PixelBuffer.allocateHeap(width, height, alpha);
        for (int i = 0; i < pixels.length; i++) {
            image.set(i % width, i / width, pixels[i]);
        }
        return image;
    }

    /** @return an image filled with one value */
    static PixelBuffer filled(int width, int height, boolean alpha, int value) {
        PixelBuffer image = PixelBuffer.allocateHeap(width, height, alpha);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.set(x, y, value);
            }
        }
        return image;
    }

    /** @return an image whose pixel (x, y) is {@code base + 16 * y + x}, so every pixel is distinct */
    static PixelBuffer numbered(int width, int height, boolean alpha, int base) {
        PixelBuffer image = PixelBuffer.allocateHeap(width, height, alpha);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.set(x, y, base + 16 * y + x);
            }
        }
        return image;
    }

    /** @return the pixels row by row */
    static int[] pixels(PixelBuffer image) {
        int[] out = new int[image.width() * image.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = image.get(i % image.width(), i / image.width());
        }
        return out;
    }

    /** @return a copy of the image */
    static PixelBuffer copy(PixelBuffer image) {
        return of(image.width(), image.height(), image.hasAlpha(), pixels(image));
    }

    /**
     * @param width  mask width
     * @param rows   one string per row, top row first: '#' for a set bit, '.' for a clear one
     * @return a top-down, least-significant-bit-first mask bitmap
     */
    static MaskBitmap mask(int width, String... rows) {
        int stride = (width + 7) / 8;
        byte[] bits = new byte[stride * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < width; x++) {
                if (rows[y].charAt(x) == '#') {
                    bits[y * stride + x / 8] |= (byte) (1 << (x % 8));
                }
            }
        }
        return new MaskBitmap(MemorySegment.ofArray(bits), 0, width, rows.length, stride, false, true);
    }
}
