package dev.saffron.spice.internal.display;

/**
 * One segment of a DRAW_STROKE path ({@code SpicePathSeg}): flags and points in 28.4 fixed point.
 *
 * @param flags  {@link #BEGIN}, {@link #END}, {@link #CLOSE}, {@link #BEZIER}
 * @param points x0, y0, x1, y1, ... in 28.4 fixed point; copied in and out
 */
public record PathSegment(int flags, int[] points) {
    /** Starts a new figure at the segment's first point. */
    public static final int BEGIN = 1;
    /** Ends the figure after this segment. */
    public static final int END = 2;
    /** With END: closes the figure back to its first point. */
    public static final int CLOSE = 8;
    /** The points are cubic Bezier control triples. */
    public static final int BEZIER = 16;

    /** Copies the points and checks they come in pairs. */
    public PathSegment {
        points = points.clone();
        if (points.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of coordinates: " + points.length);
        }
    }

    @Override
    public int[] points() {
        return points.clone();
    }

    int pointCount() {
        return points.length / 2;
    }

    int x(int i) {
        return points[2 * i];
    }

    int y(int i) {
        return points[2 * i + 1];
    }
}
