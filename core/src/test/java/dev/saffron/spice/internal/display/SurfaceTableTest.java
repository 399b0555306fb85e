package dev.saffron.spice.internal.display;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The surface table: the session's budget across channels, refusals, and memory freed when it says so. */
class SurfaceTableTest {
    private static final long SURFACE_BYTES = 4L * 64 * 64;

    private static SurfaceTable<SurfacePixels> table(String name, SurfaceBudget budget) {
        return new SurfaceTable<>(name, budget, SurfaceMemory.best());
    }

    private static MemorySegment memoryOf(SurfacePixels pixels) {
        return pixels.read(PixelBuffer::segment);
    }

    @Test
    void twoChannelsShareOneBudgetAndAFloodIsRefused() throws Exception {
        SurfaceBudget budget = new SurfaceBudget(5 * SURFACE_BYTES);
        SurfaceTable<SurfacePixels> first = table("display-0", budget);
        SurfaceTable<SurfacePixels> second = table("display-1", budget);
        first.create(0, 64, 64, false, pixels -> pixels);
        first.create(1, 64, 64, false, pixels -> pixels);
        int refused = 0;
        for (int id = 0; id < 1000; id++) {
            try {
                second.create(id, 64, 64, true, pixels -> pixels);
            } catch (SurfaceRefusedException e) {
                assertTrue(e.getMessage().contains("budget of"), e.getMessage());
                assertTrue(second.isRefused(id));
                refused++;
            }
            assertTrue(budget.usedBytes() <= budget.limitBytes());
        }
        assertEquals(997, refused);
        assertEquals(List.of(0, 1, 2), second.ids().stream().sorted().toList());
        assertEquals(5 * SURFACE_BYTES, budget.usedBytes());
    }

    @Test
    void removingASurfaceFreesItsMemoryAndGivesItBackToTheBudget() throws Exception {
        SurfaceBudget budget = new SurfaceBudget(SURFACE_BYTES);
        SurfaceTable<SurfacePixels> table = table("display-0", budget);
        SurfacePixels pixels = table.create(7, 64, 64, false, created -> created);
        MemorySegment memory = memoryOf(pixels);
        assertThrows(SurfaceRefusedException.class, () -> table.create(8, 1, 1, false, created -> created));
        assertTrue(table.isRefused(8));

        assertEquals(pixels, table.remove(7));
        assertFalse(memory.scope().isAlive(), "the surface's arena is closed");
        assertTrue(pixels.isFreed());
        assertThrows(IllegalStateException.class, () -> pixels.draw(target -> target.set(0, 0, 1)));
        assertEquals(0, budget.usedBytes());
        assertNull(table.remove(8), "a refused surface has nothing to free");
        assertFalse(table.isRefused(8), "destroying a refused surface forgets it");
        assertNotNull(table.create(8, 64, 64, false, created -> created));
    }

    @Test
    void closingTheTableFreesEverySurfaceAndRefusesNewOnes() throws Exception {
        SurfaceBudget budget = new SurfaceBudget(10 * SURFACE_BYTES);
        SurfaceTable<SurfacePixels> table = table("display-0", budget);
        List<MemorySegment> memory = new ArrayList<>();
        for (int id = 0; id < 4; id++) {
            memory.add(memoryOf(table.create(id, 64, 64, false, created -> created)));
        }
        table.close();
        for (MemorySegment segment : memory) {
            assertFalse(segment.scope().isAlive());
        }
        assertEquals(0, budget.usedBytes());
        assertTrue(table.ids().isEmpty());
        assertThrows(IllegalStateException.class, () -> table.create(0, 64, 64, false, created -> created));
        assertEquals(0, budget.usedBytes(), "a creation after close reserves nothing");
    }

    @Test
    void aDrawIntoOneSurfaceWaitsWhileAnotherThreadDrawsIntoAnyOtherOfTheChannel() throws Exception {
        SurfaceTable<SurfacePixels> table = table("display-0", new SurfaceBudget(10 * SURFACE_BYTES));
        SurfacePixels presented = table.create(0, 64, 64, false, created -> created);
        SurfacePixels source = table.create(1, 64, 64, false, created -> created);
        CountDownLatch drawing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread presenter = Thread.ofPlatform().start(() -> presented.draw(target -> {
            target.set(0, 0, 1);
            drawing.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(drawing.await(10, TimeUnit.SECONDS));
        AtomicBoolean sourceDrawn = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().start(() -> source.draw(target -> sourceDrawn.set(true)));
        reader.join(200);
        assertFalse(sourceDrawn.get(), "the reader's draw waits for the presenter's");
        assertEquals(0, (int) source.read(pixels -> pixels.get(0, 0)), "an application read does not wait");
        finish.countDown();
        presenter.join(10_000);
        reader.join(10_000);
        assertTrue(sourceDrawn.get());
    }

    @Test
    void aNewSurfaceIsAllZero() throws Exception {
        SurfaceTable<SurfacePixels> table = table("display-0", new SurfaceBudget(SURFACE_BYTES));
        SurfacePixels pixels = table.create(0, 64, 64, true, created -> created);
        long nonZero = pixels.read(buffer -> buffer.segment().elements(ValueLayout.JAVA_LONG)
                .filter(word -> word.get(ValueLayout.JAVA_LONG, 0) != 0).count());
        assertEquals(0, nonZero);
    }
}
