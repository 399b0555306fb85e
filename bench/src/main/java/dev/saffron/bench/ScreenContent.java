package dev.saffron.bench;

import java.util.SplittableRandom;

/**
 * A synthetic desktop, for inputs larger than the firmware screens QEMU shows without a guest OS: a
 * gradient wallpaper, a window with a gradient title bar and lines of text-like glyphs, a photo-like
 * picture, and a flat task bar. Deterministic: the same size always gives the same pixels.
 */
public final class ScreenContent {
    private static final int GLYPH_WIDTH = 6;
    private static final int GLYPH_HEIGHT = 9;
    private static final int LINE_HEIGHT = 14;
    private static final int GLYPHS = 64;
    private static final int TITLE_BAR = 24;
    private static final int TASK_BAR = 32;
    private static final int WINDOW_BACKGROUND = 0xFAFAFA;
    private static final int TEXT_COLOUR = 0x202124;

    private final int width;
    private final int height;
    /** Glyph bitmaps: bit (y * GLYPH_WIDTH + x) set where the glyph is inked, a fixed "font". */
    private final long[] glyphs = new long[GLYPHS];
    /** The window's text area: rows [textTop, textBottom), columns [textLeft, textRight). */
    private final int textLeft;
    private final int textRight;
    private final int textTop;
    private final int textBottom;

    /** @throws IllegalArgumentException if the screen is too small to lay out */
    public ScreenContent(int width, int height) {
        if (width < 320 || height < 200) {
            throw new IllegalArgumentException("screen " + width + "x" + height + " is smaller than 320x200");
        }
        this.width = width;
        this.height = height;
        SplittableRandom random = new SplittableRandom(0x5AFF_0000L);
        for (int i = 0; i < GLYPHS; i++) {
            glyphs[i] = random.nextLong() & ((1L << (GLYPH_WIDTH * GLYPH_HEIGHT)) - 1)
                    & random.nextLong();
        }
        textLeft = width / 16 + 8;
        textRight = width * 9 / 16 - 8;
        textTop = height / 12 + TITLE_BAR + 8;
        textBottom = height - TASK_BAR - height / 12 - 8;
    }

    /**
     * @param scroll how many text lines the window has scrolled by: frame 0 is the first screen, frame 1 the
     *               same screen after the text moved up one line, as a terminal or an editor does
     * @return {@code 0xRRGGBB} pixels, row by row from the top
     */
    public int[] frame(int scroll) {
        int[] rgb = new int[Math.multiplyExact(width, height)];
        wallpaper(rgb);
        window(rgb, scroll);
        photo(rgb);
        taskBar(rgb);
        return rgb;
    }

    private void wallpaper(int[] rgb) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 20 + 40 * y / height;
                int g = 60 + 90 * y / height + 20 * x / width;
                int b = 120 + 100 * (x + y) / (width + height);
                rgb[y * width + x] = r << 16 | g << 8 | b;
            }
        }
    }

    private void window(int[] rgb, int scroll) {
        int left = width / 16;
        int right = width * 9 / 16;
        int top = height / 12;
        int bottom = height - TASK_BAR - height / 12;
        for (int y = top; y < top + TITLE_BAR; y++) {
            for (int x = left; x < right; x++) {
                int shade = 255 * (x - left) / (right - left);
                rgb[y * width + x] = (40 + shade / 4) << 16 | (80 + shade / 3) << 8 | (160 + shade / 3);
            }
        }
        for (int y = top + TITLE_BAR; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                rgb[y * width + x] = WINDOW_BACKGROUND;
            }
        }
        for (int line = 0; textTop + (line + 1) * LINE_HEIGHT <= textBottom; line++) {
            textLine(rgb, textTop + line * LINE_HEIGHT, line + scroll);
        }
    }

    /** One line of words: runs of glyphs separated by spaces, each line's words chosen by its number. */
    private void textLine(int[] rgb, int top, int lineNumber) {
        SplittableRandom random = new SplittableRandom(lineNumber * 7919L + 17);
        int end = textLeft + (textRight - textLeft) * (40 + random.nextInt(60)) / 100;
        int x = textLeft;
        while (x + GLYPH_WIDTH <= end) {
            int word = 1 + random.nextInt(9);
            for (int i = 0; i < word && x + GLYPH_WIDTH <= end; i++) {
                glyph(rgb, x, top, glyphs[random.nextInt(GLYPHS)]);
                x += GLYPH_WIDTH + 1;
            }
            x += GLYPH_WIDTH;
        }
    }

    private void glyph(int[] rgb, int left, int top, long bits) {
        for (int y = 0; y < GLYPH_HEIGHT; y++) {
            for (int x = 0; x < GLYPH_WIDTH; x++) {
                if ((bits >>> (y * GLYPH_WIDTH + x) & 1) != 0) {
                    rgb[(top + y) * width + left + x] = TEXT_COLOUR;
                }
            }
        }
    }

    /** Smooth shapes with sensor-like noise, in the right part of the screen. */
    private void photo(int[] rgb) {
        int left = width * 10 / 16;
        int right = width * 15 / 16;
        int top = height / 6;
        int bottom = height * 2 / 3;
        SplittableRandom noise = new SplittableRandom(42);
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                double u = (double) (x - left) / (right - left);
                double v = (double) (y - top) / (bottom - top);
                double sky = 1 - v;
                double hill = Math.sin(u * 7) * 0.1 + 0.6 < v ? 1 : 0;
                double sun = Math.max(0, 1 - Math.hypot(u - 0.7, v - 0.25) * 6);
                int r = channel(80 + 120 * sky * (1 - hill) + 60 * hill + 150 * sun, noise);
                int g = channel(120 + 100 * sky * (1 - hill) + 110 * hill + 120 * sun, noise);
                int b = channel(200 * sky * (1 - hill) + 40 * hill + 40 * sun, noise);
                rgb[y * width + x] = r << 16 | g << 8 | b;
            }
        }
    }

    private static int channel(double value, SplittableRandom noise) {
        return Math.clamp(Math.round(value) + noise.nextInt(-6, 7), 0, 255);
    }

    private void taskBar(int[] rgb) {
        for (int y = height - TASK_BAR; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean icon = x % 48 >= 8 && x % 48 < 40 && y >= height - TASK_BAR + 4 && y < height - 4
                        && x < 48 * 8;
                rgb[y * width + x] = icon ? 0x3C78D8 + (x / 48) * 0x0A0A00 : 0x2B2B2B;
            }
        }
    }
}
