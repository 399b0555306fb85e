package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MenuPainterTest {
    private static final OverlayMenu.Page PAGE = new OverlayMenu.Page("Send key", List.of(
            OverlayMenu.Item.action("Ctrl+Alt+Del", "ctrl+alt+end", () -> { }),
            OverlayMenu.Item.action("PrintScreen", "", () -> { }),
            OverlayMenu.Item.note("a note", "")));

    @Test
    void thePageIsPaintedHeadlessWithTheSelectedRowHighlighted() {
        MenuPainter.Painting painting = MenuPainter.paint(PAGE, 1, 1, 1024, 768);
        MenuLayout layout = painting.layout();
        BufferedImage image = painting.image();
        assertEquals(layout.width(), image.getWidth());
        assertEquals(layout.height(), image.getHeight());
        assertEquals(3, layout.rows());
        assertEquals(layout.titleHeight() + 3 * layout.rowHeight(), image.getHeight());
        int selectedRow = layout.titleHeight() + layout.rowHeight() + 1;
        int otherRow = layout.titleHeight() + 1;
        assertNotEquals(image.getRGB(1, otherRow), image.getRGB(1, selectedRow), "the selection is coloured");
        assertTrue((image.getRGB(1, otherRow) >>> 24) > 0xC0, "the menu is nearly opaque");
        assertTrue(text(image, layout, 0) > 0, "the first row has text");
    }

    @Test
    void atTwiceTheContentScaleEverythingIsTwiceAsLarge() {
        MenuLayout single = MenuPainter.paint(PAGE, 0, 1, 4000, 3000).layout();
        MenuLayout twice = MenuPainter.paint(PAGE, 0, 2, 4000, 3000).layout();
        assertEquals(2 * single.rowHeight(), twice.rowHeight());
        assertEquals(2 * single.titleHeight(), twice.titleHeight());
        assertTrue(twice.width() > single.width() * 3 / 2);
    }

    /** @return how many pixels of a row differ from its background */
    private static int text(BufferedImage image, MenuLayout layout, int row) {
        int top = layout.titleHeight() + row * layout.rowHeight();
        int background = image.getRGB(1, top + 1);
        int count = 0;
        for (int y = top; y < top + layout.rowHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) != background) {
                    count++;
                }
            }
        }
        return count;
    }
}
