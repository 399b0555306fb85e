package dev.saffron.spice.internal.agent;

import dev.saffron.spice.internal.Bytes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorLayoutTest {
    @Test
    void sparseLayoutsKeepEveryIndex() {
        MonitorLayout layout = new MonitorLayout();
        assertFalse(layout.hasEnabledDisplay());
        layout.update(1, 10, 20, 640, 480, true);
        assertTrue(layout.hasEnabledDisplay());
        Bytes expected = new Bytes().u32(16).u32(3).raw(new byte[20]).u32(480).u32(640).u32(32).u32(10).u32(20);
        expected.raw(new byte[14 * 20]).raw(new byte[16 * 4]);
        assertArrayEquals(expected.bytes(), layout.encode(true));
        assertArrayEquals(new Bytes().u32(1).u32(3).u32(480).u32(640).u32(32).u32(10).u32(20).raw(new byte[4]).bytes(),
                layout.encode(false));
    }

    @Test
    void aDisabledOrEmptyDisplayDoesNotCount() {
        MonitorLayout layout = new MonitorLayout();
        layout.update(0, 0, 0, 800, 600, false);
        layout.update(1, 0, 0, 0, 0, true);
        assertFalse(layout.hasEnabledDisplay());
        // spice-gtk lists an enabled display whatever its size; only the automatic send needs a size.
        assertArrayEquals(new Bytes().u32(1).u32(3).u32(0).u32(0).u32(32).u32(0).u32(0).raw(new byte[4]).bytes(),
                layout.encode(false));
    }

    @Test
    void idsAndGeometryAreChecked() {
        MonitorLayout layout = new MonitorLayout();
        assertThrows(IllegalArgumentException.class, () -> layout.update(16, 0, 0, 1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> layout.update(-1, 0, 0, 1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> layout.update(0, -5, 0, 1, 1, true));
    }
}
