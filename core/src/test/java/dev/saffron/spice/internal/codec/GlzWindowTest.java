package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GlzWindowTest {
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(20);

    @Test
    void freesBelowTheHeadOfTheNewestContiguousImage() throws Exception {
        GlzWindow window = new GlzWindow(1000);
        long generation = window.generation();
        window.add(0, 0, new int[10], generation);
        window.add(1, 1, new int[10], generation);
        window.add(3, 1, new int[10], generation);
        assertTrue(window.contains(0), "image 3 is past a gap, so its hint does not count yet");
        window.add(2, 1, new int[10], generation);
        assertFalse(window.contains(1), "3 is now contiguous and reaches back to 2");
        assertTrue(window.contains(2));
        assertTrue(window.contains(3));
        assertEquals(20, window.storedPixels());
        assertThrows(ImageDecodeException.class, () -> window.await(1, LONG_WAIT));
        window.add(1, 0, new int[10], generation);
        assertFalse(window.contains(1), "a late image the server no longer references is not kept");
    }

    @Test
    void startsCountingFromTheFirstImageItSees() {
        GlzWindow window = new GlzWindow(1000);
        long generation = window.generation();
        window.add(500, 0, new int[10], generation);
        window.add(501, 1, new int[10], generation);
        window.add(502, 1, new int[10], generation);
        assertFalse(window.contains(500));
        assertEquals(20, window.storedPixels());
    }

    @Test
    void staysWithinItsCapacityWhateverTheHints() {
        GlzWindow window = new GlzWindow(100);
        long generation = window.generation();
        for (long id = 0; id < 50; id++) {
            window.add(id, id, new int[30], generation);
            assertTrue(window.storedPixels() <= 100);
            assertTrue(window.contains(id));
        }
        assertTrue(window.contains(47));
        assertFalse(window.contains(46));
        assertEquals(90, window.storedPixels());
    }

    @Test
    void replacingAnImageKeepsTheCountRight() throws Exception {
        GlzWindow window = new GlzWindow(100);
        long generation = window.generation();
        window.add(0, 0, new int[30], generation);
        int[] second = new int[20];
        window.add(0, 0, second, generation);
        assertEquals(20, window.storedPixels());
        assertSame(second, window.await(0, 0));
    }

    @Test
    void aWaiterGetsTheImageWhenItArrives() throws Exception {
        GlzWindow window = new GlzWindow(1000);
        int[] pixels = new int[7];
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<int[]> waiter = threads.submit(() -> window.await(4, LONG_WAIT));
            Thread.sleep(100);
            assertFalse(waiter.isDone());
            window.add(4, 0, pixels, window.generation());
            assertSame(pixels, waiter.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void clearingFailsWaitersAndDropsDecodesFromBefore() throws Exception {
        GlzWindow window = new GlzWindow(1000);
        long before = window.generation();
        window.add(0, 0, new int[5], before);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<int[]> waiter = threads.submit(() -> window.await(1, LONG_WAIT));
            Thread.sleep(100);
            window.clear();
            Exception e = assertThrows(Exception.class, () -> waiter.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ImageDecodeException, e.toString());
        }
        assertEquals(0, window.storedPixels());
        window.add(1, 0, new int[5], before);
        assertFalse(window.contains(1), "decoded before the clear");
        window.add(1, 0, new int[5], window.generation());
        assertTrue(window.contains(1));
    }

    @Test
    void waitingIsInterruptible() throws Exception {
        GlzWindow window = new GlzWindow(1000);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                window.await(9, LONG_WAIT);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Thread.sleep(100);
        waiter.interrupt();
        assertTrue(waiter.join(Duration.ofSeconds(10)));
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    @Test
    void reusesAFreedImagesArrayForTheNextImageOfItsSize() {
        GlzWindow window = new GlzWindow(1000);
        long generation = window.generation();
        int[] first = window.newImage(10);
        window.add(0, 0, first, generation);
        assertNotSame(first, window.newImage(10), "image 0 is still in the window");
        window.add(1, 0, window.newImage(10), generation);
        assertFalse(window.contains(0));
        assertEquals(10, window.sparePixels());
        assertNotSame(first, window.newImage(20), "a spare serves only its own size");
        assertSame(first, window.newImage(10));
        assertEquals(0, window.sparePixels());
        assertNotSame(first, window.newImage(10), "a spare is handed out once");
    }

    @Test
    void sparesAndStoredImagesStayWithinTheCapacity() {
        GlzWindow window = new GlzWindow(100);
        long generation = window.generation();
        for (long id = 0; id < 50; id++) {
            window.add(id, 0, window.newImage(30), generation);
            assertTrue(window.storedPixels() + window.sparePixels() <= 100,
                    "stored " + window.storedPixels() + " and spare " + window.sparePixels());
        }
        window.add(50, 0, window.newImage(60), generation);
        assertEquals(60, window.storedPixels());
        assertTrue(window.sparePixels() <= 40);
    }

    @Test
    void clearingKeepsTheImagesArraysAsSpares() {
        GlzWindow window = new GlzWindow(1000);
        long generation = window.generation();
        int[] first = window.newImage(10);
        window.add(0, 0, first, generation);
        window.clear();
        assertEquals(0, window.storedPixels());
        assertEquals(10, window.sparePixels());
        assertSame(first, window.newImage(10));
        window.add(0, 0, window.newImage(20), window.generation());
        assertTrue(window.contains(0), "a cleared window stores image ids again from scratch");
    }

    @Test
    void sizesItselfFromTheSessionProperty() {
        assertEquals(2L * 16 * 1024 * 1024 / 4, GlzWindow.forWindowSize(16 * 1024 * 1024).capacityPixels());
        assertThrows(IllegalArgumentException.class, () -> GlzWindow.forWindowSize(3));
        assertThrows(IllegalArgumentException.class, () -> new GlzWindow(0));
    }
}
