package dev.saffron.spice.internal.display;

import java.util.Arrays;
import java.util.List;

/**
 * A set of pixels as disjoint rectangles in y-x banded order, the shape pixman's regions have: the
 * rectangles form horizontal bands (same top and bottom); bands are sorted top to bottom and never overlap;
 * inside a band the spans are sorted left to right, never touch, and adjacent bands with the same spans are
 * merged. The order matters to {@link Canvas#copyBits}, which walks the rectangles the way spice-common does.
 */
final class Region {
    static final Region EMPTY = new Region(new int[0], new int[1], new int[0], 0);

    /** band i covers rows {@code bandY[2i] .. bandY[2i+1]-1} */
    private final int[] bandY;
    /** spans of band i are {@code xs[2*spanStart[i] ..  2*spanStart[i+1]-1]} as (left, right) pairs */
    private final int[] spanStart;
    private final int[] xs;
    private final int bands;

    private Region(int[] bandY, int[] spanStart, int[] xs, int bands) {
        this.bandY = bandY;
        this.spanStart = spanStart;
        this.xs = xs;
        this.bands = bands;
    }

    /** @return the region of one rectangle (empty when the rectangle is) */
    static Region of(Rect rect) {
        if (rect.isEmpty()) {
            return EMPTY;
        }
        return new Region(new int[] {rect.top(), rect.bottom()}, new int[] {0, 1},
                new int[] {rect.left(), rect.right()}, 1);
    }

    /**
     * The union of rectangles, each first cut to {@code bounds} (empty or inverted rectangles are skipped,
     * as pixman does). A sweep over the distinct edges: the work grows with the number of bands times the
     * rectangles alive in each, and the bands are at most {@code bounds.height()}.
     */
    static Region union(List<Rect> rects, Rect bounds) {
        int n = 0;
        Rect[] live = new Rect[rects.size()];
        for (Rect r : rects) {
            Rect cut = r.intersect(bounds);
            if (!cut.isEmpty()) {
                live[n++] = cut;
            }
        }
        if (n == 0) {
            return EMPTY;
        }
        int[] edges = new int[2 * n];
        for (int i = 0; i < n; i++) {
            edges[2 * i] = live[i].top();
            edges[2 * i + 1] = live[i].bottom();
        }
        Arrays.sort(edges);
        Rect[] byTop = Arrays.copyOf(live, n);
        Arrays.sort(byTop, (a, b) -> Integer.compare(a.top(), b.top()));
        Builder out = new Builder();
        Rect[] active = new Rect[n];
        int activeCount = 0;
        int next = 0;
        long[] spans = new long[n];
        for (int e = 0; e < edges.length - 1; e++) {
            int y1 = edges[e];
            int y2 = edges[e + 1];
            if (y1 == y2) {
                continue;
            }
            int kept = 0;
            for (int i = 0; i < activeCount; i++) {
                if (active[i].bottom() > y1) {
                    active[kept++] = active[i];
                }
            }
            activeCount = kept;
            while (next < n && byTop[next].top() <= y1) {
                if (byTop[next].bottom() > y1) {
                    active[activeCount++] = byTop[next];
                }
                next++;
            }
            if (activeCount == 0) {
                continue;
            }
            for (int i = 0; i < activeCount; i++) {
                spans[i] = (long) active[i].left() << 32 | (active[i].right() & 0xFFFFFFFFL);
            }
            Arrays.sort(spans, 0, activeCount);
            out.startBand(y1, y2);
            int left = (int) (spans[0] >> 32);
            int right = (int) spans[0];
            for (int i = 1; i < activeCount; i++) {
                int l = (int) (spans[i] >> 32);
                int r = (int) spans[i];
                if (l > right) {
                    out.addSpan(left, right);
                    left = l;
                    right = r;
                } else if (r > right) {
                    right = r;
                }
            }
            out.addSpan(left, right);
            out.endBand();
        }
        return out.build();
    }

    /** @return the pixels in both regions */
    Region intersect(Region other) {
        if (bands == 0 || other.bands == 0) {
            return EMPTY;
        }
        Builder out = new Builder();
        int i = 0;
        int j = 0;
        while (i < bands && j < other.bands) {
            int top = Math.max(bandY[2 * i], other.bandY[2 * j]);
            int bottom = Math.min(bandY[2 * i + 1], other.bandY[2 * j + 1]);
            if (top < bottom) {
                out.startBand(top, bottom);
                int a = spanStart[i];
                int aEnd = spanStart[i + 1];
                int b = other.spanStart[j];
                int bEnd = other.spanStart[j + 1];
                while (a < aEnd && b < bEnd) {
                    int l = Math.max(xs[2 * a], other.xs[2 * b]);
                    int r = Math.min(xs[2 * a + 1], other.xs[2 * b + 1]);
                    if (l < r) {
                        out.addSpan(l, r);
                    }
                    if (xs[2 * a + 1] < other.xs[2 * b + 1]) {
                        a++;
                    } else {
                        b++;
                    }
                }
                out.endBand();
            }
            if (bandY[2 * i + 1] < other.bandY[2 * j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return out.build();
    }

    /** @return the pixels of this region inside the rectangle */
    Region intersect(Rect rect) {
        return intersect(of(rect));
    }

    /** @return this region moved by (dx, dy) */
    Region translate(int dx, int dy) {
        int[] y = Arrays.copyOf(bandY, 2 * bands);
        for (int i = 0; i < y.length; i++) {
            y[i] += dy;
        }
        int[] x = Arrays.copyOf(xs, 2 * spanStart[bands]);
        for (int i = 0; i < x.length; i++) {
            x[i] += dx;
        }
        return new Region(y, spanStart, x, bands);
    }

    boolean isEmpty() {
        return bands == 0;
    }

    /** @return the smallest rectangle holding the region (empty for an empty region) */
    Rect extents() {
        if (bands == 0) {
            return new Rect(0, 0, 0, 0);
        }
        int left = Integer.MAX_VALUE;
        int right = Integer.MIN_VALUE;
        for (int i = 0; i < bands; i++) {
            left = Math.min(left, xs[2 * spanStart[i]]);
            right = Math.max(right, xs[2 * spanStart[i + 1] - 1]);
        }
        return new Rect(left, bandY[0], right, bandY[2 * bands - 1]);
    }

    /** @return the band holding row y, or -1 */
    int bandAt(int y) {
        int low = 0;
        int high = bands - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (bandY[2 * mid + 1] <= y) {
                low = mid + 1;
            } else if (bandY[2 * mid] > y) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    int bandCount() {
        return bands;
    }

    int bandTop(int band) {
        return bandY[2 * band];
    }

    int bandBottom(int band) {
        return bandY[2 * band + 1];
    }

    /** @return index of the band's first span, for {@link #spanLeft} and {@link #spanRight} */
    int firstSpan(int band) {
        return spanStart[band];
    }

    /** @return one past the index of the band's last span */
    int endSpan(int band) {
        return spanStart[band + 1];
    }

    int spanLeft(int span) {
        return xs[2 * span];
    }

    int spanRight(int span) {
        return xs[2 * span + 1];
    }

    /** @return the rectangles in banded order, for tests and debugging */
    List<Rect> rects() {
        Rect[] out = new Rect[spanStart[bands]];
        for (int b = 0; b < bands; b++) {
            for (int s = spanStart[b]; s < spanStart[b + 1]; s++) {
                out[s] = new Rect(xs[2 * s], bandY[2 * b], xs[2 * s + 1], bandY[2 * b + 1]);
            }
        }
        return List.of(out);
    }

    @Override
    public String toString() {
        return "Region" + rects();
    }

    /**
     * Builds a region band by band, top to bottom, spans left to right; drops empty bands and merges a band
     * into the one above when they touch and have the same spans.
     */
    static final class Builder {
        private int[] bandY = new int[8];
        private int[] spanStart = new int[5];
        private int[] xs = new int[16];
        private int bands;
        private int spans;
        private int bandTop;
        private int bandBottom;
        private int bandFirstSpan;

        void startBand(int top, int bottom) {
            bandTop = top;
            bandBottom = bottom;
            bandFirstSpan = spans;
        }

        void addSpan(int left, int right) {
            if (spans > bandFirstSpan && xs[2 * spans - 1] == left) {
                xs[2 * spans - 1] = right;
                return;
            }
            if (2 * spans + 2 > xs.length) {
                xs = Arrays.copyOf(xs, xs.length * 2);
            }
            xs[2 * spans] = left;
            xs[2 * spans + 1] = right;
            spans++;
        }

        void endBand() {
            int count = spans - bandFirstSpan;
            if (count == 0) {
                return;
            }
            if (bands > 0 && bandY[2 * bands - 1] == bandTop && sameSpansAsPrevious(count)) {
                bandY[2 * bands - 1] = bandBottom;
                spans = bandFirstSpan;
                return;
            }
            if (2 * bands + 2 > bandY.length) {
                bandY = Arrays.copyOf(bandY, bandY.length * 2);
            }
            if (bands + 2 > spanStart.length) {
                spanStart = Arrays.copyOf(spanStart, spanStart.length * 2);
            }
            bandY[2 * bands] = bandTop;
            bandY[2 * bands + 1] = bandBottom;
            spanStart[bands] = bandFirstSpan;
            bands++;
            spanStart[bands] = spans;
        }

        private boolean sameSpansAsPrevious(int count) {
            int prevFirst = spanStart[bands - 1];
            if (bandFirstSpan - prevFirst != count) {
                return false;
            }
            return Arrays.equals(xs, 2 * prevFirst, 2 * bandFirstSpan, xs, 2 * bandFirstSpan, 2 * spans);
        }

        Region build() {
            if (bands == 0) {
                return EMPTY;
            }
            return new Region(bandY, spanStart, xs, bands);
        }
    }
}
