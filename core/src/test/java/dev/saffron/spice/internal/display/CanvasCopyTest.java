package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CanvasCopyTest {
    private static final int O = 0x0011_2233;
    private static final int A = 0x00FF_0000;
    private static final int B = 0x0000_00FF;

    private static Copy copy(PixelBuffer source, Rect area, int rop, ScaleMode mode) {
        return new Copy(source, area, rop, mode, null);
    }

    @Test
    void unscaledCopyIsARawCopyOfAllBits() throws Exception {
        PixelBuffer s = Images.filled(4, 2, false, O);
        PixelBuffer src = Images.numbered(3, 3, false, 0x7F00_0000);
        new Canvas(s).copy(new Rect(1, 0, 3, 2), Clip.NONE,
                copy(src, new Rect(1, 1, 3, 3), RopDescriptor.OP_PUT, ScaleMode.NEAREST));
        assertArrayEquals(new int[] {
            O, 0x7F00_0011, 0x7F00_0012, O,
            O, 0x7F00_0021, 0x7F00_0022, O}, Images.pixels(s));
    }

    @Test
    void pixelsWhoseSourceIsOutsideTheImageAreLeftAlone() throws Exception {
        PixelBuffer s = Images.filled(4, 1, false, O);
        PixelBuffer src = Images.of(2, 1, false, 5, 6);
        new Canvas(s).copy(new Rect(0, 0, 4, 1), Clip.NONE,
                copy(src, new Rect(-1, 0, 3, 1), RopDescriptor.OP_PUT, ScaleMode.NEAREST));
        assertArrayEquals(new int[] {O, 5, 6, O}, Images.pixels(s));
    }

    @Test
    void ropCopyCombinesImageAndSurface() throws Exception {
        PixelBuffer s = Images.of(2, 1, false, 0x0F, 0xF0);
        PixelBuffer src = Images.of(2, 1, false, 0xFF, 0xFF);
        int andInvertedSource = RopDescriptor.OP_AND | RopDescriptor.INVERS_SRC;
        new Canvas(s).copy(s.bounds(), Clip.NONE, copy(src, src.bounds(), andInvertedSource, ScaleMode.NEAREST));
        assertArrayEquals(new int[] {~0xFF & 0x0F, ~0xFF & 0xF0}, Images.pixels(s));
    }

    @Test
    void nearestUpscaleRepeatsPixels() throws Exception {
        // Scale 2/4 = 0.5 in 16.16 is 32768; the centre of box pixel i samples 32768 i + 16384, whose
        // nearest pixel ((x - 1) >> 16) is 0, 0, 1, 1.
        PixelBuffer s = Images.filled(4, 1, false, O);
        new Canvas(s).copy(s.bounds(), Clip.NONE,
                copy(Images.of(2, 1, false, A, B), new Rect(0, 0, 2, 1), RopDescriptor.OP_PUT, ScaleMode.NEAREST));
        assertArrayEquals(new int[] {A, A, B, B}, Images.pixels(s));
    }

    @Test
    void nearestDownscaleSkipsPixels() throws Exception {
        // Scale 4/2 = 2: pixel i samples 131072 i + 65536, nearest pixels 0 and 2.
        PixelBuffer s = Images.filled(2, 1, false, O);
        new Canvas(s).copy(s.bounds(), Clip.NONE,
                copy(Images.of(4, 1, false, 1, 2, 3, 4), new Rect(0, 0, 4, 1), RopDescriptor.OP_PUT, ScaleMode.NEAREST));
        assertArrayEquals(new int[] {1, 3}, Images.pixels(s));
    }

    @Test
    void interpolationBlendsWithTransparentBlackAtTheEdges() throws Exception {
        // Bilinear 2 -> 4: sample points 32768 i + 16384 less half a pixel give weights (7-bit, doubled)
        // 192, 64, 192, 64 towards the right neighbour; outside the image reads 0. A channel of 255 with
        // weight 192 gives 255 * 192 / 256 = 191 (0xBF), with weight 64 gives 63 (0x3F).
        PixelBuffer s = Images.filled(4, 1, false, O);
        new Canvas(s).copy(s.bounds(), Clip.NONE,
                copy(Images.of(2, 1, false, A, B), new Rect(0, 0, 2, 1), RopDescriptor.OP_PUT, ScaleMode.INTERPOLATE));
        assertArrayEquals(new int[] {0x00BF_0000, 0x00BF_003F, 0x003F_00BF, 0x0000_00BF}, Images.pixels(s));
    }

    @Test
    void interpolationOntoASurfaceWithAlphaReadsTheImageAsOpaque() throws Exception {
        // Same weights; the image's alpha reads as 0xFF inside and 0 outside, so it blends like a channel.
        PixelBuffer s = Images.filled(4, 1, true, O);
        new Canvas(s).copy(s.bounds(), Clip.NONE,
                copy(Images.of(2, 1, false, A, B), new Rect(0, 0, 2, 1), RopDescriptor.OP_PUT, ScaleMode.INTERPOLATE));
        assertArrayEquals(new int[] {0xBFBF_0000, 0xFFBF_003F, 0xFF3F_00BF, 0xBF00_00BF}, Images.pixels(s));
    }

    @Test
    void scaledSamplesOutsideTheImageReadZero() throws Exception {
        PixelBuffer s = Images.filled(4, 1, false, O);
        // Area x 1..3 of a 2-wide image, stretched onto 4 pixels: pixels 2 and 3 sample x = 2.
        new Canvas(s).copy(s.bounds(), Clip.NONE,
                copy(Images.of(2, 1, false, A, B), new Rect(1, 0, 3, 1), RopDescriptor.OP_PUT, ScaleMode.NEAREST));
        assertArrayEquals(new int[] {B, B, 0, 0}, Images.pixels(s));
    }

    @Test
    void scaledRopCopy() throws Exception {
        PixelBuffer s = Images.of(4, 1, false, 0x100, 0x100, 0x100, 0x100);
        new Canvas(s).copy(s.bounds(), Clip.NONE,
                copy(Images.of(2, 1, false, 1, 2), new Rect(0, 0, 2, 1), RopDescriptor.OP_OR, ScaleMode.NEAREST));
        assertArrayEquals(new int[] {0x101, 0x101, 0x102, 0x102}, Images.pixels(s));
    }

    @Test
    void emptyScaledAreaIsRejected() {
        PixelBuffer s = Images.filled(4, 1, false, O);
        Copy empty = copy(Images.of(2, 1, false, A, B), new Rect(1, 0, 1, 1), RopDescriptor.OP_PUT,
                ScaleMode.NEAREST);
        assertThrows(CanvasException.class, () -> new Canvas(s).copy(s.bounds(), Clip.NONE, empty));
    }

    @Test
    void copyHonoursClipAndMask() throws Exception {
        PixelBuffer s = Images.filled(4, 1, false, O);
        QMask mask = new QMask(Images.mask(4, "##.#"), 0, 0, false);
        Clip clip = Clip.rects(java.util.List.of(new Rect(1, 0, 4, 1)));
        new Canvas(s).copy(s.bounds(), clip,
                new Copy(Images.of(4, 1, false, 1, 2, 3, 4), new Rect(0, 0, 4, 1), RopDescriptor.OP_PUT, ScaleMode.NEAREST, mask));
        assertArrayEquals(new int[] {O, 2, O, 4}, Images.pixels(s));
    }

    @Test
    void opaqueCopiesThenCombinesTheBrush() throws Exception {
        PixelBuffer s = Images.filled(2, 1, false, O);
        PixelBuffer src = Images.of(2, 1, false, 1, 2);
        Canvas canvas = new Canvas(s);
        canvas.opaque(s.bounds(), Clip.NONE, new Opaque(src, src.bounds(), new Brush.Solid(0xF0), RopDescriptor.OP_OR,
                ScaleMode.NEAREST, null));
        assertArrayEquals(new int[] {0xF1, 0xF2}, Images.pixels(s));
        // For DRAW_OPAQUE, INVERS_SRC inverts the copied image (the operation's destination).
        canvas.opaque(s.bounds(), Clip.NONE, new Opaque(src, src.bounds(), new Brush.Solid(0xF0),
                RopDescriptor.OP_AND | RopDescriptor.INVERS_SRC, ScaleMode.NEAREST, null));
        assertArrayEquals(new int[] {0xF0 & ~1, 0xF0 & ~2}, Images.pixels(s));
    }

    @Test
    void transparentSkipsTheKeyColourIgnoringTheTopByte() throws Exception {
        PixelBuffer s = Images.filled(3, 1, false, O);
        PixelBuffer src = Images.of(3, 1, false, 0x00AA_BBCC, 0x7FAA_BBCC, 0x0000_0001);
        new Canvas(s).transparent(s.bounds(), Clip.NONE, new Transparent(src, src.bounds(), 0xFFAA_BBCC));
        assertArrayEquals(new int[] {O, O, 1}, Images.pixels(s));
    }

    @Test
    void onA16BitSurfaceTheKeyMatchesAtSixteenBitPrecision() throws Exception {
        // 0xAABBCC and 0xADBECF share their top 5 bits per channel; 0xA2BBCC does not (red 10100 vs 10101).
        PixelBuffer src = Images.of(3, 1, false, 0xADBECF, 0xA2BBCC, 0xAABBCC);
        PixelBuffer narrow = Images.filled(3, 1, false, O);
        new Canvas(narrow, ColorDepth.RGB555).transparent(narrow.bounds(), Clip.NONE,
                new Transparent(src, src.bounds(), 0xAABBCC));
        assertArrayEquals(new int[] {O, 0xA2BBCC, O}, Images.pixels(narrow));
        PixelBuffer wide = Images.filled(3, 1, false, O);
        new Canvas(wide).transparent(wide.bounds(), Clip.NONE, new Transparent(src, src.bounds(), 0xAABBCC));
        assertArrayEquals(new int[] {0xADBECF, 0xA2BBCC, O}, Images.pixels(wide));
    }

    @Test
    void scaledTransparentKeysOutZeroSamplesWhenTheKeyIsBlack() throws Exception {
        PixelBuffer s = Images.filled(4, 1, false, O);
        // Area beyond the image: samples outside read 0, the key colour here, so they are skipped.
        new Canvas(s).transparent(s.bounds(), Clip.NONE,
                new Transparent(Images.of(2, 1, false, A, B), new Rect(1, 0, 3, 1), 0));
        assertArrayEquals(new int[] {B, B, O, O}, Images.pixels(s));
    }

    @Test
    void sourceSharingTheSurfaceIsReadBeforeWriting() throws Exception {
        PixelBuffer s = Images.of(4, 1, false, 1, 2, 3, 4);
        // The surface itself as the image, shifted right by one.
        new Canvas(s).copy(new Rect(1, 0, 4, 1), Clip.NONE, copy(s, new Rect(0, 0, 3, 1), RopDescriptor.OP_PUT,
                ScaleMode.NEAREST));
        assertArrayEquals(new int[] {1, 1, 2, 3}, Images.pixels(s));
    }
}
