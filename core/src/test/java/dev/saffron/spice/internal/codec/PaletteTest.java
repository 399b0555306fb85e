package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.Bytes;
import java.lang.foreign.MemorySegment;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaletteTest {
    @Test
    void readsTheWireLayoutAndKeepsEntriesAsSentButLooksThemUpOpaque() throws Exception {
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
        assertEquals(0x00112233, palette.color(0));
        assertEquals(0x80445566, palette.color(1));
        assertEquals(Palette.of(0x0102030405060708L, 0x112233, 0x80445566), palette);
        assertArrayEquals(new int[] {0xFF112233, 0xFF445566}, palette.lookupTable(2));
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
        assertEquals(1, palette.color(0));
    }

    @Test
    void parseReadsIdCountAndLittleEndianEntries() throws ImageDecodeException {
        byte[] wire = new Bytes().u64(0x1122334455667788L).u16(3).u32(0xFF000000L).u32(0x00ABCDEF).u32(0x80010203L)
                .u8(0x99).bytes();
        Palette palette = Palette.parse(MemorySegment.ofArray(wire));
        assertEquals(0x1122334455667788L, palette.id());
        assertEquals(3, palette.size());
        assertArrayEquals(new int[] {0xFF000000, 0x00ABCDEF, 0x80010203}, palette.entries());
    }

    @Test
    void indicesPastTheLastEntryWrap() {
        Palette palette = new Palette(1, new int[] {10, 20, 30});
        assertEquals(10, palette.color(0));
        assertEquals(30, palette.color(2));
        assertEquals(10, palette.color(3));
        assertEquals(20, palette.color(4));
        assertEquals(10, palette.color(255));
        assertThrows(IndexOutOfBoundsException.class, () -> palette.color(256));
    }

    @Test
    void onlyTheFirst256EntriesAreKept() throws ImageDecodeException {
        Bytes wire = new Bytes().u64(9).u16(300);
        IntStream.range(0, 300).forEach(wire::u32);
        Palette palette = Palette.parse(MemorySegment.ofArray(wire.bytes()));
        assertEquals(256, palette.size());
        assertEquals(255, palette.color(255));
    }

    @Test
    void aTruncatedPaletteIsRefused() {
        byte[] shortHeader = new Bytes().u64(1).u8(1).bytes();
        byte[] shortEntries = new Bytes().u64(1).u16(2).u32(5).u16(0).bytes();
        assertThrows(ImageDecodeException.class, () -> Palette.parse(MemorySegment.ofArray(shortHeader)));
        assertThrows(ImageDecodeException.class, () -> Palette.parse(MemorySegment.ofArray(shortEntries)));
    }

    @Test
    void anEmptyPaletteIsRefused() {
        byte[] wire = new Bytes().u64(1).u16(0).bytes();
        assertThrows(ImageDecodeException.class, () -> Palette.parse(MemorySegment.ofArray(wire)));
        assertThrows(IllegalArgumentException.class, () -> new Palette(1, new int[0]));
    }

    @Test
    void aHugeEntryCountIsCheckedAgainstTheDataFirst() {
        byte[] wire = new Bytes().u64(1).u16(0xFFFF).u32(1).bytes();
        assertThrows(ImageDecodeException.class, () -> Palette.parse(MemorySegment.ofArray(wire)));
    }
}
