package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class PaletteTest {
    @Test
    void readsTheWireLayoutAndMakesEntriesOpaque() throws Exception {
        byte[] message = {
            (byte) 0xEE, (byte) 0xEE,
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
            0x02, 0x00,
            0x33, 0x22, 0x11, 0x00,
            0x66, 0x55, 0x44, (byte) 0x80,
            (byte) 0xEE};
        Palette palette = Palette.read(MemorySegment.ofArray(message), 2);
        assertEquals(0x0102030405060708L, palette.id());
        assertEquals(2, palette.size());
        assertEquals(0xFF112233, palette.color(0));
        assertEquals(0xFF445566, palette.color(1));
        assertEquals(Palette.of(0x0102030405060708L, 0x112233, 0x445566), palette);
    }

    @Test
    void refusesPalettesThatRunPastTheMessage() {
        byte[] message = {1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x00, 1, 2, 3, 4, 5, 6, 7};
        assertThrows(ImageDecodeException.class, () -> Palette.read(MemorySegment.ofArray(message), 0));
        assertThrows(ImageDecodeException.class, () -> Palette.read(MemorySegment.ofArray(message), 8));
        assertThrows(ImageDecodeException.class, () -> Palette.read(MemorySegment.ofArray(message), -1));
        assertThrows(ImageDecodeException.class, () -> Palette.read(MemorySegment.ofArray(message), 100));
    }

    @Test
    void lookupTablesWrapShortPalettes() {
        Palette palette = Palette.of(1, 0xA, 0xB, 0xC);
        int[] table = palette.lookupTable(16);
        assertEquals(16, table.length);
        assertEquals(0xFF00000A, table[0]);
        assertEquals(0xFF00000C, table[2]);
        assertEquals(0xFF00000A, table[3]);
        assertEquals(0xFF00000B, table[13]);
        assertArrayEquals(new int[] {0xFF00000A, 0xFF00000B}, palette.lookupTable(2));
    }

    @Test
    void copiesWhatItIsGiven() {
        int[] colors = {1, 2};
        Palette palette = Palette.of(5, colors);
        colors[0] = 9;
        assertEquals(0xFF000001, palette.color(0));
    }
}
