package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparisons of VGA text-mode screens (SeaBIOS: cells of 9x16 pixels). */
public final class TextScreens {
    /** Pixels per character cell, across. */
    public static final int CELL_WIDTH = 9;
    /** Pixels per character cell, down. */
    public static final int CELL_HEIGHT = 16;

    private TextScreens() {
    }

    /**
     * Asserts two text screens are equal except, at most, within one character cell: the blinking text cursor
     * may be caught in different phases.
     */
    public static void assertSameUpToTheCursor(PpmImage expected, PpmImage actual) {
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        int left = Integer.MAX_VALUE;
        int top = Integer.MAX_VALUE;
        int right = -1;
        int bottom = -1;
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width(); x++) {
                if (expected.argb(x, y) != actual.argb(x, y)) {
                    left = Math.min(left, x);
                    top = Math.min(top, y);
                    right = Math.max(right, x);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right >= 0) {
            assertTrue(left / CELL_WIDTH == right / CELL_WIDTH && top / CELL_HEIGHT == bottom / CELL_HEIGHT,
                    "screens differ beyond one character cell: " + left + "," + top + " to " + right + "," + bottom);
        }
    }
}
