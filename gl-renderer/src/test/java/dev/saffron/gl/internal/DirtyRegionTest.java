package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirtyRegionTest {
    @Test
    void rectanglesAreClippedToTheSurfaceAndTakenOnce() {
        DirtyRegion region = new DirtyRegion();
        region.add(-10, -10, 30, 20, 100, 50);
        region.add(90, 40, 50, 50, 100, 50);
        region.add(200, 0, 10, 10, 100, 50);
        region.add(5, 5, 0, 10, 100, 50);
        DirtyRegion.Batch batch = region.take();
        assertEquals(List.of(new DirtyRegion.Rectangle(0, 0, 20, 10), new DirtyRegion.Rectangle(90, 40, 10, 10)),
                batch.rectangles());
        assertTrue(region.take().isEmpty());
    }

    @Test
    void containedRectanglesAreDroppedEitherWayRound() {
        DirtyRegion region = new DirtyRegion();
        region.add(10, 10, 5, 5, 100, 100);
        region.add(0, 0, 50, 50, 100, 100);
        region.add(20, 20, 5, 5, 100, 100);
        assertEquals(List.of(new DirtyRegion.Rectangle(0, 0, 50, 50)), region.take().rectangles());
    }

    @Test
    void tooManyRectanglesBecomeTheirBoundingBox() {
        DirtyRegion region = new DirtyRegion();
        for (int i = 0; i <= DirtyRegion.MAX_RECTANGLES; i++) {
            region.add(i * 4, i * 2, 2, 2, 1000, 1000);
        }
        int last = DirtyRegion.MAX_RECTANGLES;
        assertEquals(List.of(new DirtyRegion.Rectangle(0, 0, last * 4 + 2, last * 2 + 2)), region.take().rectangles());
    }

    @Test
    void theBatchRemembersWhenItsOldestChangeCame() throws Exception {
        DirtyRegion region = new DirtyRegion();
        long before = System.nanoTime();
        region.add(0, 0, 1, 1, 10, 10);
        Thread.sleep(20);
        region.add(5, 5, 1, 1, 10, 10);
        DirtyRegion.Batch batch = region.take();
        assertTrue(batch.oldestNanos() >= before && System.nanoTime() - batch.oldestNanos() >= 20_000_000L);
    }

    @Test
    void theBatchRemembersWhenItsNewestChangeCameEvenOneInsideARectangleAlreadyThere() throws Exception {
        DirtyRegion region = new DirtyRegion();
        region.add(0, 0, 8, 8, 10, 10);
        Thread.sleep(20);
        long before = System.nanoTime();
        region.add(2, 2, 1, 1, 10, 10);
        DirtyRegion.Batch batch = region.take();
        assertEquals(List.of(new DirtyRegion.Rectangle(0, 0, 8, 8)), batch.rectangles());
        assertTrue(batch.newestNanos() >= before && batch.newestNanos() - batch.oldestNanos() >= 20_000_000L);
    }

    @Test
    void hugeSizesDoNotOverflowTheClip() {
        DirtyRegion region = new DirtyRegion();
        region.add(10, 10, Integer.MAX_VALUE, Integer.MAX_VALUE, 100, 100);
        assertEquals(List.of(new DirtyRegion.Rectangle(10, 10, 90, 90)), region.take().rectangles());
    }
}
