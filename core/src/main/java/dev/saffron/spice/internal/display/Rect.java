package dev.saffron.spice.internal.display;

/**
 * A rectangle in pixel coordinates, edges as SPICE sends them: {@code left} and {@code top} inclusive,
 * {@code right} and {@code bottom} exclusive. An empty rectangle has {@code right <= left} or
 * {@code bottom <= top}.
 */
public record Rect(int left, int top, int right, int bottom) {
    /** @return the width, 0 when empty */
    public int width() {
        return Math.max(0, right - left);
    }

    /** @return the height, 0 when empty */
    public int height() {
        return Math.max(0, bottom - top);
    }

    /** @return whether the rectangle covers no pixel */
    public boolean isEmpty() {
        return right <= left || bottom <= top;
    }

    /** @return the overlap of both rectangles (possibly empty) */
    public Rect intersect(Rect other) {
        return new Rect(Math.max(left, other.left), Math.max(top, other.top),
                Math.min(right, other.right), Math.min(bottom, other.bottom));
    }

    /** @return this rectangle moved by (dx, dy) */
    public Rect translate(int dx, int dy) {
        return new Rect(left + dx, top + dy, right + dx, bottom + dy);
    }
}
