package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java2D draws into memory: no display needed. */
class OverlayTextTest {
    @Test
    void theTextIsWhiteLettersOnATranslucentDarkBoxOfItsOwnSize() {
        OverlayText small = OverlayText.render(ReconnectOverlay.TEXT, 16).orElseThrow();
        OverlayText large = OverlayText.render(ReconnectOverlay.TEXT, 48).orElseThrow();
        assertTrue(large.width() > 2 * small.width() && large.height() > 2 * small.height(),
                "letters three times as tall make a box over twice as large: " + small.width() + "x" + small.height()
                        + ", " + large.width() + "x" + large.height());
        assertTrue(small.width() > small.height() * 3, "one line of 13 letters is wide: " + small.width() + "x"
                + small.height());

        int corner = small.argb(small.width() / 2, 1);
        assertEquals(0, corner & 0xFFFFFF, "the box is black");
        int alpha = corner >>> 24;
        assertTrue(alpha > 100 && alpha < 255, "and translucent: alpha " + alpha);
        int white = 0;
        for (int y = 0; y < small.height(); y++) {
            for (int x = 0; x < small.width(); x++) {
                if ((small.argb(x, y) & 0xFFFFFF) == 0xFFFFFF && small.argb(x, y) >>> 24 == 255) {
                    white++;
                }
            }
        }
        assertTrue(white > 50, "the letters are opaque white pixels: " + white);
    }

    @Test
    void aLetterHeightMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> OverlayText.render("x", 0));
    }

    @Test
    void theLettersGrowWithTheFrameWithinBounds() {
        assertEquals(14, ReconnectOverlay.textHeightFor(100));
        assertEquals(40, ReconnectOverlay.textHeightFor(800));
        assertEquals(72, ReconnectOverlay.textHeightFor(4000));
    }
}
