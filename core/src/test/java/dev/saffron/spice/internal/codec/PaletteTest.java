package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saffron.spice.internal.Bytes;
import java.lang.foreign.MemorySegment;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PaletteTest {
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
