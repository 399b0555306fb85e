package dev.saffron.spice.internal.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Destinations and expected values for decoder tests, computed independently of the decoders. */
final class Pixels {
    private Pixels() {
    }

    /** A destination with room for a w x h image at offset 12 and 3 spare pixels per row, filled with 0x5A. */
    static Target target(int width, int height) {
        int stride = 4 * width + 12;
        long offset = 12;
        MemorySegment seg = Arena.ofAuto().allocate(offset + (long) stride * height + 8);
        seg.fill((byte) 0x5A);
        return new Target(seg, offset, stride, width, height);
    }

    /** A destination segment and its geometry. */
    record Target(MemorySegment segment, long offset, int stride, int width, int height) {
        int pixel(int x, int y) {
            return segment.get(Argb32Rows.PIXEL, offset + (long) y * stride + 4L * x);
        }

        /** @return the pixels, top row first */
        int[] pixels() {
            int[] out = new int[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[y * width + x] = pixel(x, y);
                }
            }
            return out;
        }

        /** @return whether every byte outside the image still holds the fill */
        boolean marginsUntouched() {
            long size = segment.byteSize();
            for (long i = 0; i < size; i++) {
                long rel = i - offset;
                boolean inside = rel >= 0 && rel / stride < height && rel % stride < 4L * width;
                if (!inside && segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != 0x5A) {
                    return false;
                }
            }
            return true;
        }
    }

    /** pixman's 5-to-8-bit widening, written out per channel. */
    static int from555(int v) {
        int r = (v >> 10) & 31;
        int g = (v >> 5) & 31;
        int b = v & 31;
        r = (r * 8) + (r / 4);
        g = (g * 8) + (g / 4);
        b = (b * 8) + (b / 4);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    /**
     * @param units coded order (the first row is the bottom one unless topDown)
     * @return the top-down pixels the decoder should produce
     */
    static int[] expected(LzImageType type, int[] units, int width, int height, boolean topDown) {
        int[] out = new int[width * height];
        for (int row = 0; row < height; row++) {
            int y = topDown ? row : height - 1 - row;
            for (int x = 0; x < width; x++) {
                int u = units[row * width + x];
                out[y * width + x] = switch (type) {
                    case RGB16 -> from555(u);
                    case RGB24, RGB32 -> 0xFF000000 | u;
                    case RGBA -> u;
                    case A8 -> u << 24;
                    default -> throw new IllegalArgumentException(type.toString());
                };
            }
        }
        return out;
    }

    static MemorySegment segment(byte[] bytes) {
        return MemorySegment.ofArray(bytes);
    }

    /** The same bytes in native memory, so decoders take their copying path. */
    static MemorySegment nativeSegment(byte[] bytes) {
        MemorySegment seg = Arena.ofAuto().allocate(Math.max(1, bytes.length));
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
        return seg.asSlice(0, bytes.length);
    }
}
