package dev.saffron.spice.internal.display;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a DRAW_STROKE path into the integer polylines spice-common hands to its line code: 28.4 points
 * rounded to pixels (a fraction above one half rounds up), Bezier triples flattened by halving until the
 * control points lie within about half a pixel of the chord, a figure ending with CLOSE returning to its
 * first point.
 *
 * <p>spice-common recurses without limit when a curve's control points coincide (it overflows its stack)
 * and reads before its point list for a curve with no current point; those paths throw here.
 */
final class StrokePath {
    /** Most points a stroke may flatten to; a real curve needs far fewer. */
    static final int MAX_POINTS = 1 << 20;
    /** Deepest halving; a curve spanning the whole 28.4 range needs about 36. */
    private static final int MAX_DEPTH = 48;

    private final List<int[]> polylines = new ArrayList<>();
    private int[] current = new int[32];
    private int count;
    private int total;

    private StrokePath() {
    }

    /**
     * @param path the segments
     * @return the polylines, each as x0, y0, x1, y1, ...
     * @throws CanvasException for a malformed path or one that flattens to too many points
     */
    static List<int[]> flatten(List<PathSegment> path) throws CanvasException {
        StrokePath out = new StrokePath();
        for (PathSegment segment : path) {
            int i = 0;
            int n = segment.pointCount();
            if ((segment.flags() & PathSegment.BEGIN) != 0) {
                if (n == 0) {
                    throw new CanvasException("path segment begins without a point");
                }
                out.finish();
                out.append(toPixel(segment.x(0)), toPixel(segment.y(0)));
                i = 1;
            }
            if ((segment.flags() & PathSegment.BEZIER) != 0) {
                if ((n - i) % 3 != 0) {
                    throw new CanvasException("Bezier segment with " + (n - i) + " points, not triples");
                }
                for (; i + 2 < n; i += 3) {
                    if (out.count == 0) {
                        throw new CanvasException("Bezier segment without a current point");
                    }
                    out.bezier(out.current[2 * out.count - 2] << 4, out.current[2 * out.count - 1] << 4,
                            segment.x(i), segment.y(i), segment.x(i + 1), segment.y(i + 1), segment.x(i + 2),
                            segment.y(i + 2), 0);
                }
            } else {
                for (; i < n; i++) {
                    out.append(toPixel(segment.x(i)), toPixel(segment.y(i)));
                }
            }
            if ((segment.flags() & PathSegment.END) != 0) {
                if ((segment.flags() & PathSegment.CLOSE) != 0 && out.count > 0) {
                    out.append(out.current[0], out.current[1]);
                }
                out.finish();
            }
        }
        out.finish();
        return out.polylines;
    }

    /** 28.4 to pixels: the fraction rounds up above one half. */
    static int toPixel(int fixed) {
        int value = fixed >> 4;
        return (fixed & 0xF) > 8 ? value + 1 : value;
    }

    private void append(int x, int y) throws CanvasException {
        if (++total > MAX_POINTS) {
            throw new CanvasException("stroke flattens to more than " + MAX_POINTS + " points");
        }
        if (2 * count + 2 > current.length) {
            current = Arrays.copyOf(current, current.length * 2);
        }
        current[2 * count] = x;
        current[2 * count + 1] = y;
        count++;
    }

    private void finish() {
        if (count > 0) {
            polylines.add(Arrays.copyOf(current, 2 * count));
        }
        count = 0;
    }

    /**
     * Flattens the curve (x0, y0) to (x3, y3), all 28.4: straight when both inner control points' squared
     * distance from the chord, scaled as spice-common scales it, is under the chord's squared length.
     */
    private void bezier(int x0, int y0, int x1, int y1, int x2, int y2, int x3, int y3, int depth)
            throws CanvasException {
        long a2 = dot(x1 - x0, y1 - y0, x1 - x0, y1 - y0);
        long b2 = dot(x3 - x0, y3 - y0, x3 - x0, y3 - y0);
        long c2 = dot(x2 - x3, y2 - y3, x2 - x3, y2 - y3);
        long ab = dot(x1 - x0, y1 - y0, x3 - x0, y3 - y0);
        long cb = dot(x2 - x3, y2 - y3, x0 - x3, y0 - y3);
        long h1 = (a2 * b2 - ab * ab) >> 3;
        long h2 = (c2 * b2 - cb * cb) >> 3;
        if (h1 < b2 && h2 < b2) {
            append(toPixel(x3), toPixel(y3));
            return;
        }
        if (depth == MAX_DEPTH) {
            throw new CanvasException("degenerate Bezier curve");
        }
        int x01 = (x0 + x1) / 2;
        int y01 = (y0 + y1) / 2;
        int x12 = (x1 + x2) / 2;
        int y12 = (y1 + y2) / 2;
        int x23 = (x2 + x3) / 2;
        int y23 = (y2 + y3) / 2;
        int x012 = (x01 + x12) / 2;
        int y012 = (y01 + y12) / 2;
        int x123 = (x12 + x23) / 2;
        int y123 = (y12 + y23) / 2;
        int x0123 = (x012 + x123) / 2;
        int y0123 = (y012 + y123) / 2;
        bezier(x0, y0, x01, y01, x012, y012, x0123, y0123, depth + 1);
        bezier(x0123, y0123, x123, y123, x23, y23, x3, y3, depth + 1);
    }

    private static long dot(int ax, int ay, int bx, int by) {
        return ((long) ax * bx + (long) ay * by) >> 4;
    }
}
