package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CanvasRop3Test {
    @Test
    void ternaryOperationWithSolidBrush() throws Exception {
        PixelBuffer s = Images.of(2, 1, false, 0x0000_FF00, 0x00FF_0000);
        PixelBuffer src = Images.of(2, 1, false, 0x0F0F_0F0F, 0x3333_3333);
        // 0xB8 = PSDPxax: P ^ (S & (D ^ P)).
        int p = 0x00AB_CDEF;
        new Canvas(s).rop3(s.bounds(), Clip.NONE, new Rop3(src, src.bounds(), new Brush.Solid(p), 0xB8, ScaleMode.NEAREST, null));
        assertArrayEquals(new int[] {p ^ (0x0F0F_0F0F & (0x0000_FF00 ^ p)), p ^ (0x3333_3333 & (0x00FF_0000 ^ p))},
                Images.pixels(s));
    }

    @Test
    void patternIsAnchoredAtTheBrushPosition() throws Exception {
        PixelBuffer s = Images.filled(3, 1, false, 0);
        PixelBuffer src = Images.filled(3, 1, false, 0);
        PixelBuffer pattern = Images.of(2, 1, false, 1, 2);
        // 0xF0 = PATCOPY. Box left 1, brush at x = 0: the box starts at pattern column 1.
        new Canvas(s).rop3(new Rect(1, 0, 3, 1), Clip.NONE,
                new Rop3(src, new Rect(0, 0, 2, 1), new Brush.Pattern(pattern, 0, 0), 0xF0, ScaleMode.NEAREST, null));
        assertArrayEquals(new int[] {0, 2, 1}, Images.pixels(s));
    }

    @Test
    void sourceAreaOutsideTheImageIsRejected() {
        PixelBuffer s = Images.filled(3, 1, false, 0);
        Rop3 outside = new Rop3(Images.filled(2, 1, false, 0), new Rect(0, 0, 3, 1), Brush.NONE, 0xCC,
                ScaleMode.NEAREST, null);
        Rop3 negative = new Rop3(Images.filled(4, 1, false, 0), new Rect(-1, 0, 2, 1), Brush.NONE, 0xCC,
                ScaleMode.NEAREST, null);
        assertThrows(CanvasException.class, () -> new Canvas(s).rop3(s.bounds(), Clip.NONE, outside));
        assertThrows(CanvasException.class, () -> new Canvas(s).rop3(s.bounds(), Clip.NONE, negative));
    }

    @Test
    void scaledSourceStartsAtTheRoundedScaledCorner() throws Exception {
        // DRAW_ROP3 scales with ratio 1/2 from area x 1 (of a 4-wide image) and starts sampling at
        // round(1 / 0.5) = 2 in scaled space: box pixel i samples image x floor((2 + i + 0.5) * 0.5).
        PixelBuffer s = Images.filled(4, 1, false, 0);
        PixelBuffer src = Images.of(4, 1, false, 10, 11, 12, 13);
        new Canvas(s).rop3(s.bounds(), Clip.NONE,
                new Rop3(src, new Rect(1, 0, 3, 1), Brush.NONE, 0xCC, ScaleMode.NEAREST, null));
        assertArrayEquals(new int[] {11, 11, 12, 12}, Images.pixels(s));
    }
}
