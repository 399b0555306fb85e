package dev.saffron.spice.internal.codec;

import java.util.SplittableRandom;

/** Synthetic images for codec tests: units are 24-bit RGB, 32-bit ARGB, 16-bit x555 or bytes. */
final class TestImages {
    private TestImages() {
    }

    /** Kinds of content, chosen to exercise literals, runs, near and far matches. */
    enum Kind {
        /** Independent random units: nearly all literals. */
        NOISE,
        /** Smooth ramps: short matches and literals. */
        GRADIENT,
        /** Long runs of one value: run matches with long lengths. */
        RUNS,
        /** A random tile repeated: matches at the tile distance, far when the tile is large. */
        TILES,
        /** Noise with repeated rows far apart: far matches. */
        FAR_ROWS
    }

    /**
     * @param mask the bits a unit may use (0xFFFFFF for RGB, 0xFFFFFFFF for ARGB, 0x7FFF, 0xFF, ...)
     */
    static int[] units(Kind kind, int width, int height, int mask, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[width * height];
        switch (kind) {
            case NOISE -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = random.nextInt() & mask;
                }
            }
            case GRADIENT -> {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int v = (x * 255 / Math.max(1, width - 1)) | (y * 255 / Math.max(1, height - 1)) << 8
                                | ((x + y) & 0xFF) << 16 | ((x ^ y) & 0xFF) << 24;
                        out[y * width + x] = v & mask;
                    }
                }
            }
            case RUNS -> {
                int i = 0;
                while (i < out.length) {
                    int len = 1 + random.nextInt(random.nextBoolean() ? 5 : 3000);
                    int v = random.nextInt() & mask;
                    for (int k = 0; k < len && i < out.length; k++) {
                        out[i++] = v;
                    }
                }
            }
            case TILES -> {
                int tile = 1 + random.nextInt(Math.max(1, Math.min(out.length, 20000)));
                int[] pattern = new int[tile];
                for (int k = 0; k < tile; k++) {
                    pattern[k] = random.nextInt() & mask;
                }
                for (int k = 0; k < out.length; k++) {
                    out[k] = random.nextInt(50) == 0 ? random.nextInt() & mask : pattern[k % tile];
                }
            }
            case FAR_ROWS -> {
                for (int k = 0; k < out.length; k++) {
                    out[k] = random.nextInt() & mask;
                }
                int gap = 9000 + random.nextInt(60000);
                for (int k = gap; k < out.length; k++) {
                    if ((k / 700) % 3 == 0) {
                        out[k] = out[k - gap];
                    }
                }
            }
        }
        return out;
    }
}
