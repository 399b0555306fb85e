package dev.saffron.spice;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CursorShapeTest {
    @Test
    void pixelsCannotBeChangedFromOutside() {
        int[] pixels = {1, 2, 3, 4};
        CursorShape shape = new CursorShape(CursorType.ALPHA, 2, 2, 1, 1, pixels);
        pixels[0] = 9;
        shape.argb()[1] = 9;
        assertEquals(1, shape.pixel(0, 0));
        assertEquals(2, shape.pixel(1, 0));
        assertEquals(3, shape.pixel(0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> shape.pixel(2, 0));
    }

    @Test
    void equalityIsByContent() {
        CursorShape a = new CursorShape(CursorType.MONO, 1, 1, 0, 0, new int[]{5});
        assertEquals(a, new CursorShape(CursorType.MONO, 1, 1, 0, 0, new int[]{5}));
        assertEquals(a.hashCode(), new CursorShape(CursorType.MONO, 1, 1, 0, 0, new int[]{5}).hashCode());
        assertNotEquals(a, new CursorShape(CursorType.MONO, 1, 1, 0, 0, new int[]{6}));
        assertNotEquals(a, new CursorShape(CursorType.ALPHA, 1, 1, 0, 0, new int[]{5}));
    }

    @Test
    void inconsistentShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CursorShape(CursorType.ALPHA, 2, 2, 0, 0, new int[3]));
        assertThrows(IllegalArgumentException.class, () -> new CursorShape(CursorType.ALPHA, 1, 1, 2, 0, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new CursorShape(CursorType.ALPHA, -1, -1, 0, 0, new int[1]));
    }
}
