package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PaletteCacheTest {
    private static Palette palette(long id) {
        return new Palette(id, new int[] {(int) id});
    }

    private final PaletteCache cache = new PaletteCache();

    @Test
    void cacheMeStoresTheAttachedPaletteAndReturnsIt() throws ImageDecodeException {
        Palette attached = palette(42);
        assertSame(attached, cache.resolve(BitmapHeader.PALETTE_CACHE_ME, 0, attached));
        assertSame(attached, cache.get(42));
    }

    @Test
    void withoutCacheMeTheAttachedPaletteIsNotStored() throws ImageDecodeException {
        Palette attached = palette(42);
        assertSame(attached, cache.resolve(BitmapHeader.TOP_DOWN, 0, attached));
        assertEquals(0, cache.size());
    }

    @Test
    void noPaletteResolvesToNull() throws ImageDecodeException {
        assertNull(cache.resolve(BitmapHeader.PALETTE_CACHE_ME, 0, null));
        assertEquals(0, cache.size());
    }

    @Test
    void fromCacheFindsTheStoredPaletteByTheIdTheImageNames() throws ImageDecodeException {
        Palette stored = palette(7);
        cache.put(stored);
        assertSame(stored, cache.resolve(BitmapHeader.PALETTE_FROM_CACHE, 7, null));
    }

    @Test
    void fromCacheOfAnUnknownIdIsADecodeError() {
        cache.put(palette(7));
        assertThrows(ImageDecodeException.class, () -> cache.resolve(BitmapHeader.PALETTE_FROM_CACHE, 8, null));
    }

    @Test
    void invalidationRemovesOneOrAll() throws ImageDecodeException {
        cache.put(palette(1));
        cache.put(palette(2));
        cache.put(palette(3));
        cache.remove(2);
        assertThrows(ImageDecodeException.class, () -> cache.resolve(BitmapHeader.PALETTE_FROM_CACHE, 2, null));
        assertEquals(2, cache.size());
        cache.clear();
        assertEquals(0, cache.size());
        assertThrows(ImageDecodeException.class, () -> cache.resolve(BitmapHeader.PALETTE_FROM_CACHE, 1, null));
    }

    @Test
    void aPaletteWithTheSameIdReplacesTheOldOne() {
        cache.put(new Palette(5, new int[] {1}));
        cache.put(new Palette(5, new int[] {2}));
        assertEquals(1, cache.size());
        assertEquals(2, cache.get(5).color(0));
    }

    @Test
    void pastItsBoundTheOldestInsertionGoes() {
        PaletteCache small = new PaletteCache(3);
        small.put(palette(1));
        small.put(palette(2));
        small.put(palette(3));
        small.put(palette(1));
        small.put(palette(4));
        assertEquals(3, small.size());
        assertNull(small.get(2), "2 was the oldest once 1 was stored again");
        assertEquals(4L, small.get(4).id());
        assertEquals(1L, small.get(1).id());
        assertEquals(3L, small.get(3).id());
    }

    @Test
    void theDefaultBoundIsKept() {
        for (int id = 0; id < PaletteCache.DEFAULT_MAX_ENTRIES + 10; id++) {
            cache.put(palette(id));
        }
        assertEquals(PaletteCache.DEFAULT_MAX_ENTRIES, cache.size());
        assertNull(cache.get(9));
        assertEquals(10L, cache.get(10).id());
    }
}
