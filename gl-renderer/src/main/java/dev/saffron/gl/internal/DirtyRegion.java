package dev.saffron.gl.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The rectangles of a surface that changed since the renderer last uploaded it. The display channel's events
 * add to it; the render thread takes everything at once. Past {@link #MAX_RECTANGLES} separate rectangles it
 * keeps their bounding box instead: one larger upload costs less than many small ones. Thread-safe.
 */
public final class DirtyRegion {
    /** Beyond this many rectangles per frame, the region becomes their bounding box. */
    public static final int MAX_RECTANGLES = 16;

    /** A changed rectangle, in surface pixels. */
    public record Rectangle(int x, int y, int width, int height) {
        Rectangle union(Rectangle other) {
            int left = Math.min(x, other.x);
            int top = Math.min(y, other.y);
            int right = Math.max(x + width, other.x + other.width);
            int bottom = Math.max(y + height, other.y + other.height);
            return new Rectangle(left, top, right - left, bottom - top);
        }

        boolean contains(Rectangle other) {
            return other.x >= x && other.y >= y && other.x + other.width <= x + width
                    && other.y + other.height <= y + height;
        }
    }

    /**
     * What the renderer takes: the rectangles, when the first change among them arrived and when the last did
     * ({@link System#nanoTime}; a change inside a rectangle already there counts as arriving too).
     */
    public record Batch(List<Rectangle> rectangles, long oldestNanos, long newestNanos) {
        /** @return whether nothing changed */
        public boolean isEmpty() {
            return rectangles.isEmpty();
        }
    }

    private final List<Rectangle> rectangles = new ArrayList<>();
    private long oldestNanos;
    private long newestNanos;

    /**
     * Adds a changed rectangle, clipped to a {@code surfaceWidth} by {@code surfaceHeight} surface; nothing if
     * that leaves it empty.
     */
    public synchronized void add(int x, int y, int width, int height, int surfaceWidth, int surfaceHeight) {
        int left = Math.max(0, x);
        int top = Math.max(0, y);
        int right = (int) Math.min(surfaceWidth, (long) x + Math.max(0, width));
        int bottom = (int) Math.min(surfaceHeight, (long) y + Math.max(0, height));
        if (right <= left || bottom <= top) {
            return;
        }
        Rectangle added = new Rectangle(left, top, right - left, bottom - top);
        newestNanos = System.nanoTime();
        if (rectangles.isEmpty()) {
            oldestNanos = newestNanos;
        }
        for (Rectangle existing : rectangles) {
            if (existing.contains(added)) {
                return;
            }
        }
        rectangles.removeIf(added::contains);
        rectangles.add(added);
        if (rectangles.size() > MAX_RECTANGLES) {
            Rectangle bounds = rectangles.getFirst();
            for (Rectangle each : rectangles) {
                bounds = bounds.union(each);
            }
            rectangles.clear();
            rectangles.add(bounds);
        }
    }

    /** @return everything added since the last call, and empties the region */
    public synchronized Batch take() {
        Batch batch = new Batch(List.copyOf(rectangles), oldestNanos, newestNanos);
        rectangles.clear();
        return batch;
    }
}
