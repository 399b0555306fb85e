package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RegionTest {
    private static final Rect BIG = new Rect(-1000, -1000, 1000, 1000);

    @Test
    void overlappingRectanglesBecomeBands() {
        // Two overlapping squares: the union has three bands, the middle one a single merged span.
        Region r = Region.union(List.of(new Rect(0, 0, 4, 4), new Rect(2, 2, 6, 6)), BIG);
        assertEquals(List.of(new Rect(0, 0, 4, 2), new Rect(0, 2, 6, 4), new Rect(2, 4, 6, 6)), r.rects());
        assertEquals(new Rect(0, 0, 6, 6), r.extents());
    }

    @Test
    void disjointSpansStaySeparateAndTouchingOnesMerge() {
        Region r = Region.union(List.of(new Rect(0, 0, 2, 2), new Rect(5, 0, 7, 2), new Rect(2, 0, 3, 2)), BIG);
        assertEquals(List.of(new Rect(0, 0, 3, 2), new Rect(5, 0, 7, 2)), r.rects());
    }

    @Test
    void identicalAdjacentBandsCoalesce() {
        Region r = Region.union(List.of(new Rect(0, 0, 3, 1), new Rect(0, 1, 3, 5)), BIG);
        assertEquals(List.of(new Rect(0, 0, 3, 5)), r.rects());
    }

    @Test
    void emptyAndInvertedRectanglesAddNothing() {
        Region r = Region.union(List.of(new Rect(5, 5, 5, 9), new Rect(3, 3, 1, 1), new Rect(0, 0, 1, 1)), BIG);
        assertEquals(List.of(new Rect(0, 0, 1, 1)), r.rects());
        assertTrue(Region.union(List.of(), BIG).isEmpty());
        assertTrue(Region.of(new Rect(4, 4, 2, 8)).isEmpty());
    }

    @Test
    void rectanglesAreCutToTheBounds() {
        Region r = Region.union(List.of(new Rect(-10, -10, 10, 10)), new Rect(0, 0, 3, 2));
        assertEquals(List.of(new Rect(0, 0, 3, 2)), r.rects());
    }

    @Test
    void intersectionKeepsCommonPixels() {
        Region a = Region.union(List.of(new Rect(0, 0, 10, 2), new Rect(0, 4, 10, 6)), BIG);
        Region b = Region.union(List.of(new Rect(2, 1, 4, 5), new Rect(6, 1, 8, 5)), BIG);
        assertEquals(List.of(new Rect(2, 1, 4, 2), new Rect(6, 1, 8, 2), new Rect(2, 4, 4, 5), new Rect(6, 4, 8, 5)),
                a.intersect(b).rects());
        assertTrue(a.intersect(new Rect(0, 2, 10, 4)).isEmpty());
    }

    @Test
    void bandLookupFindsTheRow() {
        Region r = Region.union(List.of(new Rect(0, 0, 2, 2), new Rect(0, 5, 2, 7)), BIG);
        assertEquals(0, r.bandAt(1));
        assertEquals(-1, r.bandAt(3));
        assertEquals(1, r.bandAt(6));
        assertEquals(-1, r.bandAt(7));
    }

    @Test
    void unionMatchesAPixelModel() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Rect> rects = new ArrayList<>();
            for (int i = random.nextInt(8); i > 0; i--) {
                int l = random.nextInt(20) - 2;
                int t = random.nextInt(20) - 2;
                rects.add(new Rect(l, t, l + random.nextInt(10) - 2, t + random.nextInt(10) - 2));
            }
            Rect bounds = new Rect(0, 0, 16, 16);
            boolean[][] expected = new boolean[16][16];
            for (Rect r : rects) {
                Rect cut = r.intersect(bounds);
                for (int y = cut.top(); y < cut.bottom(); y++) {
                    for (int x = cut.left(); x < cut.right(); x++) {
                        expected[y][x] = true;
                    }
                }
            }
            boolean[][] actual = new boolean[16][16];
            Rect previous = null;
            for (Rect r : Region.union(rects, bounds).rects()) {
                assertTrue(previous == null || previous.top() < r.top()
                        || (previous.top() == r.top() && previous.right() < r.left()), "banded order " + r);
                previous = r;
                for (int y = r.top(); y < r.bottom(); y++) {
                    for (int x = r.left(); x < r.right(); x++) {
                        assertTrue(!actual[y][x], "pixel covered twice");
                        actual[y][x] = true;
                    }
                }
            }
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    assertEquals(expected[y][x], actual[y][x], "pixel " + x + "," + y + " of " + rects);
                }
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void manyClipRectanglesStayFast() {
        List<Rect> rects = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int l = random.nextInt(1900);
            int t = random.nextInt(1000);
            rects.add(new Rect(l, t, l + random.nextInt(50) + 1, t + random.nextInt(50) + 1));
        }
        Region r = Region.union(rects, new Rect(0, 0, 1920, 1080));
        assertTrue(r.bandCount() <= 1080);
    }
}
