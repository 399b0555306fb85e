package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasFillTest {
    private static final int O = 0x0011_2233;
    private static final int C = 0x00AB_CDEF;

    private static PixelBuffer surface() {
        return Images.filled(4, 3, false, O);
    }

    @Test
    void solidFillCoversTheBoxCutToTheSurface() throws Exception {
        PixelBuffer s = surface();
        new Canvas(s).fill(new Rect(2, -5, 9, 2), Clip.NONE, new Fill(new Brush.Solid(C), RopDescriptor.OP_PUT, null));
        assertArrayEquals(new int[] {
            O, O, C, C,
            O, O, C, C,
            O, O, O, O}, Images.pixels(s));
    }

    @Test
    void ropFillCombinesTheBrushWithTheSurface() throws Exception {
        PixelBuffer s = surface();
        int xorInverted = RopDescriptor.OP_XOR | RopDescriptor.INVERS_RES;
        new Canvas(s).fill(new Rect(0, 0, 1, 1), Clip.NONE, new Fill(new Brush.Solid(C), xorInverted, null));
        // EQUIV: ~(brush ^ dest), all 32 bits.
        assertArrayEquals(new int[] {~(C ^ O), O, O, O}, java.util.Arrays.copyOf(Images.pixels(s), 4));
    }

    @Test
    void noBrushStillRunsTheOperation() throws Exception {
        PixelBuffer s = surface();
        Canvas canvas = new Canvas(s);
        canvas.fill(new Rect(0, 0, 1, 1), Clip.NONE, new Fill(Brush.NONE, RopDescriptor.OP_INVERS, null));
        canvas.fill(new Rect(1, 0, 2, 1), Clip.NONE, new Fill(Brush.NONE, RopDescriptor.OP_PUT, null));
        canvas.fill(new Rect(2, 0, 3, 1), Clip.NONE, new Fill(Brush.NONE, RopDescriptor.OP_OR, null));
        assertArrayEquals(new int[] {~O, 0, O, O}, java.util.Arrays.copyOf(Images.pixels(s), 4));
    }

    @Test
    void patternTilesFromItsPosition() throws Exception {
        PixelBuffer s = Images.filled(5, 2, false, 0);
        PixelBuffer tile = Images.of(2, 2, false, 1, 2, 3, 4);
        // The tile's pixel (0, 0) lands on (1, 1): surface (x, y) shows tile ((x - 1) mod 2, (y - 1) mod 2).
        new Canvas(s).fill(s.bounds(), Clip.NONE, new Fill(new Brush.Pattern(tile, 1, 1), RopDescriptor.OP_PUT, null));
        assertArrayEquals(new int[] {
            4, 3, 4, 3, 4,
            2, 1, 2, 1, 2}, Images.pixels(s));
    }

    @Test
    void patternWithNegativeOffsetAndRop() throws Exception {
        PixelBuffer s = Images.filled(4, 1, false, 0x10);
        PixelBuffer tile = Images.of(3, 1, false, 1, 2, 4);
        // Origin at x = -4: surface x shows tile (x + 4) mod 3 = 1, 2, 0, 1; OR with 0x10.
        new Canvas(s).fill(s.bounds(), Clip.NONE, new Fill(new Brush.Pattern(tile, -4, 7), RopDescriptor.OP_OR, null));
        assertArrayEquals(new int[] {0x12, 0x14, 0x11, 0x12}, Images.pixels(s));
    }

    @Test
    void emptyPatternIsRejected() {
        PixelBuffer empty = PixelBuffer.allocateHeap(0, 0, false);
        Fill fill = new Fill(new Brush.Pattern(empty, 0, 0), RopDescriptor.OP_PUT, null);
        assertThrows(CanvasException.class, () -> new Canvas(surface()).fill(new Rect(0, 0, 2, 2), Clip.NONE, fill));
    }

    @Test
    void overlappingClipRectanglesDrawEachPixelOnce() throws Exception {
        PixelBuffer s = Images.filled(4, 1, false, 0);
        Clip clip = Clip.rects(List.of(new Rect(0, 0, 3, 1), new Rect(1, 0, 4, 1), new Rect(1, 0, 2, 1)));
        // XOR would cancel out on a pixel drawn twice.
        new Canvas(s).fill(new Rect(0, 0, 3, 1), clip, new Fill(new Brush.Solid(7), RopDescriptor.OP_XOR, null));
        assertArrayEquals(new int[] {7, 7, 7, 0}, Images.pixels(s));
    }

    @Test
    void emptyClipListDrawsNothing() throws Exception {
        PixelBuffer s = surface();
        new Canvas(s).fill(s.bounds(), Clip.rects(List.of()), new Fill(new Brush.Solid(C), RopDescriptor.OP_PUT, null));
        assertArrayEquals(Images.pixels(surface()), Images.pixels(s));
    }

    @Test
    void maskLetsSetBitsThrough() throws Exception {
        PixelBuffer s = Images.filled(4, 2, false, 0);
        MaskBitmap bits = Images.mask(3, "#.#", ".##");
        // Mask pixel (x - left + 1, y - top): the box starts one mask pixel in.
        QMask mask = new QMask(bits, 1, 0, false);
        new Canvas(s).fill(new Rect(0, 0, 4, 2), Clip.NONE, new Fill(new Brush.Solid(9), RopDescriptor.OP_PUT, mask));
        assertArrayEquals(new int[] {
            0, 9, 0, 0,
            9, 9, 0, 0}, Images.pixels(s));
    }

    @Test
    void invertedMaskNeverReachesPastTheBitmap() throws Exception {
        PixelBuffer s = Images.filled(4, 3, false, 0);
        QMask mask = new QMask(Images.mask(3, "#.#", ".##"), 0, 0, true);
        new Canvas(s).fill(s.bounds(), Clip.NONE, new Fill(new Brush.Solid(9), RopDescriptor.OP_PUT, mask));
        assertArrayEquals(new int[] {
            0, 9, 0, 0,
            9, 0, 0, 0,
            0, 0, 0, 0}, Images.pixels(s));
    }

    @Test
    void bitOrderAndRowOrderOfMasks() throws Exception {
        // One byte per row: 0b0000_0001 and 0b1000_0000.
        byte[] data = {0x01, (byte) 0x80};
        MemorySegment bits = MemorySegment.ofArray(data);
        int[][] expected = {
            {9, 0, 0, 0, 0, 0, 0, 0, /* row 1 */ 0, 0, 0, 0, 0, 0, 0, 9},  // LSB first, top-down
            {0, 0, 0, 0, 0, 0, 0, 9, /* row 1 */ 9, 0, 0, 0, 0, 0, 0, 0},  // MSB first, top-down
            {0, 0, 0, 0, 0, 0, 0, 9, /* row 1 */ 9, 0, 0, 0, 0, 0, 0, 0},  // LSB first, bottom-up
            {9, 0, 0, 0, 0, 0, 0, 0, /* row 1 */ 0, 0, 0, 0, 0, 0, 0, 9},  // MSB first, bottom-up
        };
        boolean[][] variants = {{false, true}, {true, true}, {false, false}, {true, false}};
        for (int v = 0; v < variants.length; v++) {
            PixelBuffer s = Images.filled(8, 2, false, 0);
            MaskBitmap bitmap = new MaskBitmap(bits, 0, 8, 2, 1, variants[v][0], variants[v][1]);
            new Canvas(s).fill(s.bounds(), Clip.NONE,
                    new Fill(new Brush.Solid(9), RopDescriptor.OP_PUT, new QMask(bitmap, 0, 0, false)));
            assertArrayEquals(expected[v], Images.pixels(s), "variant " + v);
        }
    }

    @Test
    void blacknessWhitenessInvers() {
        PixelBuffer s = Images.of(3, 1, false, O, O, O);
        Canvas canvas = new Canvas(s);
        canvas.blackness(new Rect(0, 0, 1, 1), Clip.NONE, null);
        canvas.whiteness(new Rect(1, 0, 2, 1), Clip.NONE, null);
        canvas.invers(new Rect(2, 0, 3, 1), Clip.NONE, null);
        assertArrayEquals(new int[] {0, 0xFFFF_FFFF, ~O}, Images.pixels(s));
    }

    @Test
    void blacknessHonoursItsMask() {
        PixelBuffer s = Images.of(3, 1, false, O, O, O);
        new Canvas(s).blackness(s.bounds(), Clip.NONE, new QMask(Images.mask(3, ".#."), 0, 0, false));
        assertArrayEquals(new int[] {O, 0, O}, Images.pixels(s));
    }
}
