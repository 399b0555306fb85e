package dev.saffron.spice.internal.display;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pixmap cache owns its images' memory: freed when the last of the cache and the draws lets go. */
class ImageCacheTest {
    private static ImageCache.Entry put(ImageCache cache, long id) {
        Arena arena = Arena.ofShared();
        return cache.put(id, arena, PixelBuffer.allocate(arena, 8, 8, false), false);
    }

    @Test
    void anImageInUseByADrawOutlivesItsRemovalUntilTheDrawEnds() {
        ImageCache cache = new ImageCache(1024);
        ImageCache.Entry stored = put(cache, 1);
        cache.release(stored);
        ImageCache.Entry inUse = cache.acquire(1);
        cache.remove(1);
        assertNull(cache.acquire(1));
        assertTrue(inUse.isAlive(), "the draw still reads it");
        inUse.pixels().set(0, 0, 42);
        cache.release(inUse);
        assertFalse(inUse.isAlive());
        assertThrows(IllegalStateException.class, () -> cache.release(inUse));
    }

    @Test
    void evictionAndClosingFreeEveryImage() {
        ImageCache cache = new ImageCache(2 * 64);
        ImageCache.Entry first = put(cache, 1);
        ImageCache.Entry second = put(cache, 2);
        ImageCache.Entry third = put(cache, 3);
        cache.release(first);
        cache.release(second);
        cache.release(third);
        assertFalse(first.isAlive(), "evicted past the capacity");
        assertEquals(2 * 64, cache.storedPixels());

        cache.close();
        assertFalse(second.isAlive());
        assertFalse(third.isAlive());
        assertEquals(0, cache.storedPixels());
        ImageCache.Entry late = put(cache, 4);
        assertNull(cache.acquire(4), "a closed cache stores nothing");
        cache.release(late);
        assertFalse(late.isAlive());
    }
}
