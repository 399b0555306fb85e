package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MenuLayoutTest {
    @Test
    void aCentredBoxMapsPositionsToItsRows() {
        MenuLayout layout = MenuLayout.centred(300, 20, 30, 4, 1000, 600);
        assertEquals(350, layout.x());
        assertEquals(140, layout.height());
        assertEquals((600 - 140) / 2, layout.y());
        assertEquals(OptionalInt.empty(), layout.rowAt(400, layout.y() + 10), "the title bar");
        assertEquals(OptionalInt.of(0), layout.rowAt(400, layout.y() + 20));
        assertEquals(OptionalInt.of(0), layout.rowAt(400, layout.y() + 49.9));
        assertEquals(OptionalInt.of(1), layout.rowAt(400, layout.y() + 50));
        assertEquals(OptionalInt.of(3), layout.rowAt(649.9, layout.y() + 139.9));
        assertEquals(OptionalInt.empty(), layout.rowAt(650, layout.y() + 60), "right of the box");
        assertTrue(layout.contains(350, layout.y()));
        assertFalse(layout.contains(349.9, layout.y() + 60));
    }

    @Test
    void aBoxLargerThanTheFramebufferStartsAtItsCorner() {
        MenuLayout layout = MenuLayout.centred(300, 20, 30, 20, 200, 100);
        assertEquals(0, layout.x());
        assertEquals(0, layout.y());
    }
}
