package dev.saffron.gl.internal;

import java.util.OptionalInt;

/**
 * Where the menu lies in the framebuffer: a box with a title bar and rows of equal height under it, in
 * framebuffer pixels from the top left. Turns a pointer position into the row under it.
 *
 * @param x           the box's left edge
 * @param y           the box's top edge
 * @param width       the box's width
 * @param titleHeight the title bar's height
 * @param rowHeight   each row's height
 * @param rows        how many rows
 */
public record MenuLayout(int x, int y, int width, int titleHeight, int rowHeight, int rows) {
    /** @return the box's height */
    public int height() {
        return titleHeight + rowHeight * rows;
    }

    /** @return whether a framebuffer position lies on the box */
    public boolean contains(double framebufferX, double framebufferY) {
        return framebufferX >= x && framebufferX < x + width && framebufferY >= y && framebufferY < y + height();
    }

    /** @return the row under a framebuffer position; empty on the title bar or off the box */
    public OptionalInt rowAt(double framebufferX, double framebufferY) {
        if (!contains(framebufferX, framebufferY)) {
            return OptionalInt.empty();
        }
        double below = framebufferY - y - titleHeight;
        if (below < 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Math.min(rows - 1, (int) (below / rowHeight)));
    }

    /**
     * Centres a box in the framebuffer; a box larger than the framebuffer starts at its top left.
     *
     * @return the layout
     */
    public static MenuLayout centred(int width, int titleHeight, int rowHeight, int rows, int framebufferWidth,
                                     int framebufferHeight) {
        int height = titleHeight + rowHeight * rows;
        return new MenuLayout(Math.max(0, (framebufferWidth - width) / 2), Math.max(0, (framebufferHeight - height) / 2),
                width, titleHeight, rowHeight, rows);
    }
}
