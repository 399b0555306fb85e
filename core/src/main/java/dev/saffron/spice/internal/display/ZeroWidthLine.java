package dev.saffron.spice.internal.display;

/**
 * Zero-width polylines as the X server's machine-independent code draws them ({@code miZeroLine}, which
 * spice-common carries in {@code lines.c}): Bresenham steps with the default octant bias, lines clipped to
 * the surface by the X clipping equations (in 32-bit unsigned arithmetic, as X does them), and the last
 * point of the polyline left out ({@code CapNotLast}). Each segment leaves out its end point, so the next
 * segment draws it; the pixels of one segment reach the sink together, as horizontal spans.
 */
final class ZeroWidthLine {
    /** Receives one segment's spans. */
    interface SpanSink {
        void spans(int[] xs, int[] ys, int[] widths, int count);
    }

    private static final int OUT_LEFT = 8;
    private static final int OUT_RIGHT = 4;
    private static final int OUT_ABOVE = 2;
    private static final int OUT_BELOW = 1;

    private static final int X_DECREASING = 4;
    private static final int Y_DECREASING = 2;
    private static final int Y_MAJOR = 1;
    /** Octants 2 to 5 step along the minor axis when the error term is exactly zero. */
    private static final int BIAS = 1 << (Y_DECREASING | Y_MAJOR) | 1 << (X_DECREASING | Y_DECREASING | Y_MAJOR)
            | 1 << (X_DECREASING | Y_DECREASING) | 1 << X_DECREASING;

    // Terms of the clipping equations.
    private static final int T_2NDX = 1;
    private static final int T_DXNOTY = 1 << 1;
    private static final int T_SUBDXORY = 1 << 2;
    private static final int T_BIASSUBONE = 1 << 3;
    private static final int T_DIV2DX = 1 << 4;
    private static final int T_ADDONE = 1 << 5;
    private static final int EQN1 = T_DXNOTY | T_DIV2DX;
    private static final int EQN2 = T_DXNOTY | T_BIASSUBONE | T_DIV2DX;
    private static final int EQN3 = T_SUBDXORY | T_BIASSUBONE | T_DIV2DX | T_ADDONE;
    private static final int EQN3B = T_BIASSUBONE | T_DIV2DX;
    private static final int EQN4 = T_SUBDXORY | T_DIV2DX | T_ADDONE;
    private static final int EQN4B = T_DIV2DX;
    private static final int EQN5 = T_2NDX | T_DXNOTY | T_SUBDXORY | T_BIASSUBONE | T_ADDONE;
    private static final int EQN5B = T_2NDX | T_DXNOTY | T_BIASSUBONE;
    private static final int EQN6 = T_2NDX | T_DXNOTY | T_SUBDXORY | T_ADDONE;
    private static final int EQN6B = T_2NDX | T_DXNOTY;
    private static final int EQN7 = T_2NDX;
    private static final int EQN8 = T_2NDX | T_BIASSUBONE;

    /** Clipping gives up after this many rounds; X's equations finish in at most four. */
    private static final int MAX_CLIP_ROUNDS = 8;

    private final int xMax;
    private final int yMax;
    private final int[] xs;
    private final int[] ys;
    private final int[] widths;
    private final int capacity;
    private int spans;
    private boolean newSpan;
    private int currentY;

    /**
     * @param width  the surface width
     * @param height the surface height
     */
    ZeroWidthLine(int width, int height) {
        this.xMax = width - 1;
        this.yMax = height - 1;
        this.capacity = Math.max(width, height);
        this.xs = new int[capacity + 1];
        this.ys = new int[capacity + 1];
        this.widths = new int[capacity + 1];
    }

    /** Draws the polyline through {@code count} points given as x0, y0, x1, y1, .... */
    void draw(int[] points, int count, SpanSink sink) {
        int x2 = points[0];
        int y2 = points[1];
        int oc2 = outcode(x2, y2);
        int[] clipped = new int[6];
        for (int i = 1; i < count; i++) {
            flush(sink);
            int x1 = x2;
            int y1 = y2;
            int oc1 = oc2;
            x2 = points[2 * i];
            y2 = points[2 * i + 1];
            oc2 = outcode(x2, y2);
            int octant = 0;
            int signX = 1;
            int signY = 1;
            int adx = x2 - x1;
            if (adx < 0) {
                adx = -adx;
                signX = -1;
                octant |= X_DECREASING;
            }
            int ady = y2 - y1;
            if (ady < 0) {
                ady = -ady;
                signY = -1;
                octant |= Y_DECREASING;
            }
            boolean xMajor = adx > ady;
            int major = xMajor ? adx : ady;
            int minor = xMajor ? ady : adx;
            if (!xMajor) {
                octant |= Y_MAJOR;
            }
            int e1 = minor << 1;
            int e2 = e1 - (major << 1);
            int e = e1 - major - (BIAS >> octant & 1);
            int length = major;
            int x = x1;
            int y = y1;
            if ((oc1 | oc2) != 0) {
                clipped[0] = x1;
                clipped[1] = y1;
                clipped[2] = x2;
                clipped[3] = y2;
                if (!clip(clipped, adx, ady, octant, oc1, oc2)) {
                    continue;
                }
                x = clipped[0];
                y = clipped[1];
                length = Math.abs(xMajor ? clipped[2] - x : clipped[3] - y);
                if (clipped[5] != 0) {
                    length++;
                }
                if (outcode(x, y) != 0 || length < 0 || length > capacity) {
                    // X's equations overflow 32 bits for lines reaching far (tens of thousands of pixels)
                    // beyond the surface; spice-common then writes past its span buffer. Drop the segment.
                    continue;
                }
                if (clipped[4] != 0) {
                    int clipMajor = Math.abs(xMajor ? x - x1 : y - y1);
                    int clipMinor = Math.abs(xMajor ? y - y1 : x - x1);
                    e += clipMinor * e2 + (clipMajor - clipMinor) * e1;
                }
            }
            int e3 = e2 - e1;
            e -= e1;
            while (length-- > 0) {
                output(x, y);
                e += e1;
                if (xMajor) {
                    if (e >= 0) {
                        y += signY;
                        e += e3;
                    }
                    x += signX;
                } else {
                    if (e >= 0) {
                        x += signX;
                        e += e3;
                    }
                    y += signY;
                }
            }
        }
        flush(sink);
    }

    private void flush(SpanSink sink) {
        if (spans > 0) {
            sink.spans(xs, ys, widths, spans);
        }
        spans = 0;
        newSpan = true;
    }

    private void output(int x, int y) {
        if (!newSpan && y == currentY) {
            if (x < xs[spans - 1]) {
                xs[spans - 1] = x;
            }
            widths[spans - 1]++;
            return;
        }
        xs[spans] = x;
        ys[spans] = y;
        widths[spans] = 1;
        spans++;
        currentY = y;
        newSpan = false;
    }

    private int outcode(int x, int y) {
        int code = 0;
        if (x < 0) {
            code |= OUT_LEFT;
        }
        if (x > xMax) {
            code |= OUT_RIGHT;
        }
        if (y < 0) {
            code |= OUT_ABOVE;
        }
        if (y > yMax) {
            code |= OUT_BELOW;
        }
        return code;
    }

    /**
     * {@code miZeroClipLine}: moves the end points of a line that leaves the surface onto its edge, along the
     * pixels Bresenham would draw. {@code p} holds x1, y1, x2, y2 on entry and on return, then whether
     * point 1 and point 2 were clipped.
     *
     * @return false when the line misses the surface
     */
    private boolean clip(int[] p, int adx, int ady, int octant, int oc1, int oc2) {
        int x1 = p[0];
        int y1 = p[1];
        int x2 = p[2];
        int y2 = p[3];
        int x1Orig = x1;
        int y1Orig = y1;
        int x2Orig = x2;
        int y2Orig = y2;
        int clip1 = 0;
        int clip2 = 0;
        boolean swapped = false;
        boolean xMajor = (octant & Y_MAJOR) == 0;
        int bias = BIAS >> octant & 1;
        for (int round = 0; ; round++) {
            if ((oc1 & oc2) != 0 || round == MAX_CLIP_ROUNDS) {
                return false;
            }
            if ((oc1 | oc2) == 0) {
                break;
            }
            if (oc1 == 0) {
                int t = x1;
                x1 = x2;
                x2 = t;
                t = y1;
                y1 = y2;
                y2 = t;
                t = x1Orig;
                x1Orig = x2Orig;
                x2Orig = t;
                t = y1Orig;
                y1Orig = y2Orig;
                y2Orig = t;
                t = oc1;
                oc1 = oc2;
                oc2 = t;
                t = clip1;
                clip1 = clip2;
                clip2 = t;
                swapped = !swapped;
            }
            clip1 |= oc1;
            boolean negativeSlope;
            int steps;
            int eqn;
            int anchor;
            // X clips against the left, top, right and bottom edges in that order
            boolean verticalEdge = (oc1 & OUT_LEFT) != 0
                    || ((oc1 & OUT_ABOVE) == 0 && (oc1 & OUT_RIGHT) != 0);
            if (verticalEdge) {
                boolean left = (oc1 & OUT_LEFT) != 0;
                int edge = left ? 0 : xMax;
                negativeSlope = (octant & Y_DECREASING) != 0;
                steps = left ? edge - x1Orig : x1Orig - edge;
                if (Integer.compareUnsigned(steps, 32767) <= 0) {
                    eqn = xMajor ? (swapped ? EQN2 : EQN1) : (swapped ? EQN4 : EQN3);
                    anchor = y1Orig;
                } else {
                    steps = left ? x2Orig - edge : edge - x2Orig;
                    eqn = xMajor ? (swapped ? EQN1 : EQN2) : (swapped ? EQN3B : EQN4B);
                    anchor = y2Orig;
                    negativeSlope = !negativeSlope;
                }
                x1 = edge;
            } else {
                boolean above = (oc1 & OUT_ABOVE) != 0;
                int edge = above ? 0 : yMax;
                negativeSlope = (octant & X_DECREASING) != 0;
                steps = above ? edge - y1Orig : y1Orig - edge;
                if (Integer.compareUnsigned(steps, 32767) <= 0) {
                    eqn = xMajor ? (swapped ? EQN6 : EQN5) : (swapped ? EQN8 : EQN7);
                    anchor = x1Orig;
                } else {
                    steps = above ? y2Orig - edge : edge - y2Orig;
                    eqn = xMajor ? (swapped ? EQN5B : EQN6B) : (swapped ? EQN7 : EQN8);
                    anchor = x2Orig;
                    negativeSlope = !negativeSlope;
                }
                y1 = edge;
            }
            if (swapped) {
                negativeSlope = !negativeSlope;
            }
            int u = steps << 1;
            u *= (eqn & T_2NDX) != 0 ? adx : ady;
            int term = (eqn & T_DXNOTY) != 0 ? adx : ady;
            u = (eqn & T_SUBDXORY) != 0 ? u - term : u + term;
            u = (eqn & T_BIASSUBONE) != 0 ? u + bias - 1 : u - bias;
            int divisor = ((eqn & T_DIV2DX) != 0 ? adx : ady) << 1;
            if (divisor == 0) {
                return false;
            }
            u = Integer.divideUnsigned(u, divisor);
            if ((eqn & T_ADDONE) != 0) {
                u++;
            }
            if (negativeSlope) {
                u = -u;
            }
            if ((eqn & T_2NDX) != 0) {
                x1 = anchor + u;
            } else {
                y1 = anchor + u;
            }
            oc1 = outcode(x1, y1);
        }
        if (swapped) {
            int t = x1;
            x1 = x2;
            x2 = t;
            t = y1;
            y1 = y2;
            y2 = t;
            t = clip1;
            clip1 = clip2;
            clip2 = t;
        }
        p[0] = x1;
        p[1] = y1;
        p[2] = x2;
        p[3] = y2;
        p[4] = clip1;
        p[5] = clip2;
        return true;
    }
}
