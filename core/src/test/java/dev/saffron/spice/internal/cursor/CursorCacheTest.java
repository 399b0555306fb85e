package dev.saffron.spice.internal.cursor;

import dev.saffron.spice.CursorShape;
import dev.saffron.spice.CursorType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CursorCacheTest {
    private final CursorCache cache = new CursorCache();

    private static CursorShape shape(int side, int colour) {
        int[] argb = new int[side * side];
        Arrays.fill(argb, colour);
        return new CursorShape(CursorType.ALPHA, side, side, 0, 0, argb);
    }

    @Test
    void keepsReplacesAndForgets() {
        cache.put(1, shape(2, 1));
        cache.put(2, shape(2, 2));
        cache.put(1, shape(2, 3));
        assertEquals(shape(2, 3), cache.get(1).orElseThrow());
        cache.remove(1);
        assertTrue(cache.get(1).isEmpty());
        assertEquals(shape(2, 2), cache.get(2).orElseThrow());
        cache.clear();
        assertTrue(cache.get(2).isEmpty());
    }

    @Test
    void holdsAsManyShapesAsSpiceServerAssumesAndNoMore() {
        for (int id = 0; id < CursorCache.MAX_ENTRIES; id++) {
            cache.put(id, shape(1, id));
        }
        assertTrue(cache.get(0).isPresent(), "the server's whole cache fits, and 0 is now the latest used");
        cache.put(1000, shape(1, 0));
        assertTrue(cache.get(0).isPresent(), "recently used");
        assertFalse(cache.get(1).isPresent(), "the least recently used went");
        assertTrue(cache.get(1000).isPresent());
    }

    @Test
    void largeShapesAreBoundedByPixels() {
        int side = CursorDecoder.MAX_SIDE;
        long fit = CursorCache.MAX_PIXELS / ((long) side * side);
        for (int id = 0; id <= fit; id++) {
            cache.put(id, shape(side, id));
        }
        assertTrue(cache.get(0).isEmpty(), "the oldest large shape made room");
        for (int id = 1; id <= fit; id++) {
            assertTrue(cache.get(id).isPresent(), "shape " + id);
        }
    }
}
