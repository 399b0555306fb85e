package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasTextTest {
    private static final int INK = 0x0011_2233;
    private static final int OPAQUE_INK = 0xFF11_2233;

    private static Glyph glyph(int x, int y, int width, int height, int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return new Glyph(x, y, 0, 0, width, height, MemorySegment.ofArray(data));
    }

    private static Text text(int flags, List<Glyph> glyphs, Brush fore) {
        return new Text(flags, glyphs, new Rect(0, 0, 0, 0), fore, Brush.NONE, RopDescriptor.OP_PUT, 0);
    }

    @Test
    void a1GlyphRowsAreBottomUpAndMostSignificantBitFirst() throws Exception {
        PixelBuffer s = Images.filled(5, 3, true, 0);
        // Data row 0 is the glyph's bottom row: 1010 0000 sets pixels 0 and 2; the top row 0100 0000 pixel 1.
        Glyph g = glyph(1, 1, 3, 2, 0b1010_0000, 0b0100_0000);
        new Canvas(s).text(s.bounds(), Clip.NONE, text(Text.RASTER_A1, List.of(g), new Brush.Solid(INK)));
        assertArrayEquals(new int[] {
            0, 0, 0, 0, 0,
            0, 0, OPAQUE_INK, 0, 0,
            0, OPAQUE_INK, 0, OPAQUE_INK, 0}, Images.pixels(s));
    }

    @Test
    void topDownFlagIsIgnoredAsInSpiceCommon() throws Exception {
        PixelBuffer plain = Images.filled(5, 3, true, 0);
        PixelBuffer flagged = Images.filled(5, 3, true, 0);
        Glyph g = glyph(1, 1, 3, 2, 0b1010_0000, 0b0100_0000);
        new Canvas(plain).text(plain.bounds(), Clip.NONE, text(Text.RASTER_A1, List.of(g), new Brush.Solid(INK)));
        new Canvas(flagged).text(flagged.bounds(), Clip.NONE,
                text(Text.RASTER_A1 | Text.RASTER_TOP_DOWN, List.of(g), new Brush.Solid(INK)));
        assertArrayEquals(Images.pixels(plain), Images.pixels(flagged));
    }

    @Test
    void a4CoverageBlendsTheBrush() throws Exception {
        // Nibbles 0xF and 0x8 become coverage 0xF0 and 0x80. White at 240/255 over opaque black:
        // 255 * 240 / 255 = 0xF0 per channel plus black * 15 / 255, alpha 0xF0 + 0x0F = 0xFF.
        PixelBuffer s = Images.filled(2, 1, true, 0xFF00_0000);
        new Canvas(s).text(s.bounds(), Clip.NONE,
                text(Text.RASTER_A4, List.of(glyph(0, 0, 2, 1, 0xF8)), new Brush.Solid(0x00FF_FFFF)));
        assertArrayEquals(new int[] {0xFFF0_F0F0, 0xFF80_8080}, Images.pixels(s));
    }

    @Test
    void overlappingA4GlyphsKeepTheLargerCoverageExceptSpiceCommonsOddPixelQuirk() throws Exception {
        PixelBuffer s = Images.filled(2, 1, true, 0xFF00_0000);
        // First glyph: 0x8F -> 0x80, 0xF0. Second: 0x12 -> 0x10 (kept 0x80) and 0x20: the odd pixel's byte
        // 0x12 shifted is 0x120, which beats 0xF0 before it is narrowed to 0x20.
        List<Glyph> glyphs = List.of(glyph(0, 0, 2, 1, 0x8F), glyph(0, 0, 2, 1, 0x12));
        new Canvas(s).text(s.bounds(), Clip.NONE, text(Text.RASTER_A4, glyphs, new Brush.Solid(0x00FF_FFFF)));
        assertArrayEquals(new int[] {0xFF80_8080, 0xFF20_2020}, Images.pixels(s));
    }

    @Test
    void backgroundIsFilledFirst() throws Exception {
        PixelBuffer s = Images.filled(3, 1, true, 0);
        Text t = new Text(Text.RASTER_A1, List.of(glyph(1, 0, 1, 1, 0x80)), new Rect(0, 0, 3, 1),
                new Brush.Solid(INK), new Brush.Solid(0x0077_7777), RopDescriptor.OP_PUT, 0);
        new Canvas(s).text(s.bounds(), Clip.NONE, t);
        assertArrayEquals(new int[] {0x0077_7777, OPAQUE_INK, 0x0077_7777}, Images.pixels(s));
    }

    @Test
    void malformedTextIsRejectedBeforeDrawing() {
        PixelBuffer s = Images.filled(3, 1, true, 0);
        Text backWithXor = new Text(Text.RASTER_A1, List.of(glyph(0, 0, 1, 1, 0x80)), new Rect(0, 0, 3, 1),
                new Brush.Solid(INK), new Brush.Solid(1), RopDescriptor.OP_XOR, 0);
        Text noGlyphs = text(Text.RASTER_A1, List.of(), new Brush.Solid(INK));
        Text shortData = text(Text.RASTER_A4, List.of(glyph(0, 0, 3, 2, 0xFF)), new Brush.Solid(INK));
        assertThrows(CanvasException.class, () -> new Canvas(s).text(s.bounds(), Clip.NONE, backWithXor));
        assertThrows(CanvasException.class, () -> new Canvas(s).text(s.bounds(), Clip.NONE, noGlyphs));
        assertThrows(CanvasException.class, () -> new Canvas(s).text(s.bounds(), Clip.NONE, shortData));
        assertArrayEquals(new int[] {0, 0, 0}, Images.pixels(s));
    }

    @Test
    void foregroundPatternIsAnchoredAtTheGlyphBounds() throws Exception {
        PixelBuffer s = Images.filled(4, 1, true, 0);
        PixelBuffer pattern = Images.of(2, 1, true, 0xFF00_0001, 0xFF00_0002);
        // Glyph bounds start at x = 1; pattern origin at 0 relative to them, not to the surface.
        new Canvas(s).text(s.bounds(), Clip.NONE,
                text(Text.RASTER_A1, List.of(glyph(1, 0, 3, 1, 0xE0)), new Brush.Pattern(pattern, 0, 0)));
        assertArrayEquals(new int[] {0, 0xFF00_0001, 0xFF00_0002, 0xFF00_0001}, Images.pixels(s));
    }
}
