package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Alpha blending and DRAW_COMPOSITE. Expected values are worked out with pixman's 8-bit arithmetic:
 * {@code x * a / 255} is {@code t = x * a + 128; (t + (t >> 8)) >> 8}; sums saturate at 255.
 */
class CanvasBlendTest {
    private static final int HALF_ORANGE = 0x8040_2010;  // premultiplied, alpha 0x80
    private static final int WHITE = 0xFFFF_FFFF;

    @Test
    void mulRoundsLikePixman() {
        assertEquals(0x40, Combiner.mul(0x80, 0x80));  // 16384 + 128 = 16512; (16512 + 64) >> 8 = 64
        assertEquals(127, Combiner.mul(255, 127));     // 32385 + 128 = 32513; (32513 + 127) >> 8 = 127
        assertEquals(255, Combiner.mul(255, 255));
        assertEquals(0, Combiner.mul(0, 255));
    }

    @Test
    void alphaBlendIsOverOntoTheSurface() throws Exception {
        // OVER: 0x40 + 255 * 127 / 255 = 0xBF, 0x20 + 127 = 0x9F, 0x10 + 127 = 0x8F; alpha 0x80 + 127 = 0xFF.
        PixelBuffer s = Images.filled(1, 1, true, WHITE);
        PixelBuffer src = Images.of(1, 1, true, HALF_ORANGE);
        new Canvas(s).alphaBlend(s.bounds(), Clip.NONE, new AlphaBlend(src, src.bounds(), 255, false));
        assertArrayEquals(new int[] {0xFFBF_9F8F}, Images.pixels(s));
    }

    @Test
    void overallAlphaScalesTheSourceFirst() throws Exception {
        // Source times 0x80: 0x40201008; then white times 255 - 0x40 = 191 plus it: 0xFF DF CF C7.
        PixelBuffer s = Images.filled(1, 1, true, WHITE);
        PixelBuffer src = Images.of(1, 1, true, HALF_ORANGE);
        new Canvas(s).alphaBlend(s.bounds(), Clip.NONE, new AlphaBlend(src, src.bounds(), 0x80, false));
        assertArrayEquals(new int[] {0xFFDF_CFC7}, Images.pixels(s));
    }

    @Test
    void alphaBlendOfAnImageWithoutAlphaReplacesTheColour() throws Exception {
        PixelBuffer s = Images.filled(1, 1, false, 0x00FF_FFFF);
        PixelBuffer src = Images.of(1, 1, false, 0x0012_3456);
        new Canvas(s).alphaBlend(s.bounds(), Clip.NONE, new AlphaBlend(src, src.bounds(), 255, false));
        assertEquals(0x0012_3456, s.get(0, 0) & 0x00FF_FFFF);
    }

    @Test
    void zeroAlphaDrawsNothing() throws Exception {
        PixelBuffer s = Images.filled(1, 1, true, WHITE);
        new Canvas(s).alphaBlend(s.bounds(), Clip.NONE,
                new AlphaBlend(Images.of(1, 1, true, HALF_ORANGE), new Rect(0, 0, 1, 1), 0, false));
        assertEquals(WHITE, s.get(0, 0));
    }

    @Test
    void alphaBlendOnASurfaceWithoutAlphaClearsTheTopByteWhenTheFirstPixelIsOpaque() throws Exception {
        // spice-common's clear_dest_alpha looks at the box's first pixel only, and clears the whole box.
        PixelBuffer s = Images.of(3, 1, false, 0xFF00_0000, 0xFF00_0001, 0xFF00_0002);
        PixelBuffer src = Images.filled(3, 1, false, 0x0012_3456);
        new Canvas(s).alphaBlend(new Rect(0, 0, 3, 1), Clip.rects(java.util.List.of(new Rect(2, 0, 3, 1))),
                new AlphaBlend(src, new Rect(0, 0, 3, 1), 255, false));
        assertArrayEquals(new int[] {0x0000_0000, 0x0000_0001, 0x0012_3456}, Images.pixels(s));
    }

    @Test
    void scaledAlphaBlendPicksTheNearestPixel() throws Exception {
        PixelBuffer s = Images.filled(4, 1, true, 0);
        PixelBuffer src = Images.of(2, 1, true, 0xFF00_00FF, 0xFFFF_0000);
        new Canvas(s).alphaBlend(s.bounds(), Clip.NONE, new AlphaBlend(src, src.bounds(), 255, false));
        assertArrayEquals(new int[] {0xFF00_00FF, 0xFF00_00FF, 0xFFFF_0000, 0xFFFF_0000}, Images.pixels(s));
    }

    private static Picture picture(PixelBuffer image) {
        return Picture.of(image, Filter.NEAREST, Repeat.NONE, null);
    }

    @Test
    void compositeSrcOverAdd() throws Exception {
        PixelBuffer s = Images.of(3, 1, true, 0xFF10_1010, 0xFF10_1010, 0xFF10_1010);
        PixelBuffer src = Images.of(3, 1, true, HALF_ORANGE, HALF_ORANGE, HALF_ORANGE);
        Canvas canvas = new Canvas(s);
        canvas.composite(new Rect(0, 0, 1, 1), Clip.NONE, new Composite(CompositeOp.SRC, picture(src), null, false, 0, 0, 0, 0));
        canvas.composite(new Rect(1, 0, 2, 1), Clip.NONE, new Composite(CompositeOp.OVER, picture(src), null, false, 1, 0, 0, 0));
        canvas.composite(new Rect(2, 0, 3, 1), Clip.NONE, new Composite(CompositeOp.ADD, picture(src), null, false, 2, 0, 0, 0));
        // OVER: 0x10 * 127 / 255 = 8 (t = 2032 + 128 = 2160, (2160 + 8) >> 8 = 8); ADD saturates alpha.
        assertArrayEquals(new int[] {HALF_ORANGE, 0xFF48_2818, 0xFF50_3020}, Images.pixels(s));
    }

    @Test
    void compositeInUsesTheDestinationAlpha() throws Exception {
        PixelBuffer s = Images.of(1, 1, true, 0x8000_0000);
        PixelBuffer src = Images.of(1, 1, true, WHITE);
        new Canvas(s).composite(s.bounds(), Clip.NONE, new Composite(CompositeOp.IN, picture(src), null, false, 0, 0, 0, 0));
        assertEquals(0x8080_8080, s.get(0, 0));
    }

    @Test
    void alphaMaskScalesTheSource() throws Exception {
        // White times 0x80 is 0x80808080; over opaque black: 0x80 + 255 * 127 / 255 = 0xFF alpha.
        PixelBuffer s = Images.filled(1, 1, true, 0xFF00_0000);
        AlphaBuffer mask = new AlphaBuffer(MemorySegment.ofArray(new byte[] {(byte) 0x80}), 0, 1, 1, 1);
        new Canvas(s).composite(s.bounds(), Clip.NONE, new Composite(CompositeOp.OVER,
                picture(Images.of(1, 1, true, WHITE)), Picture.of(mask, Filter.NEAREST, Repeat.NONE, null), false, 0, 0, 0, 0));
        assertEquals(0xFF80_8080, s.get(0, 0));
    }

    @Test
    void componentAlphaScalesEachChannel() throws Exception {
        PixelBuffer unified = Images.filled(1, 1, true, 0xFF00_0000);
        PixelBuffer perChannel = Images.filled(1, 1, true, 0xFF00_0000);
        Picture source = picture(Images.of(1, 1, true, WHITE));
        Picture mask = picture(Images.of(1, 1, true, 0xFF00_FF00));
        new Canvas(unified).composite(unified.bounds(), Clip.NONE, new Composite(CompositeOp.OVER, source, mask, false, 0, 0, 0, 0));
        new Canvas(perChannel).composite(perChannel.bounds(), Clip.NONE, new Composite(CompositeOp.OVER, source, mask, true, 0, 0, 0, 0));
        assertEquals(WHITE, unified.get(0, 0), "unified alpha uses only the mask's alpha");
        assertEquals(0xFF00_FF00, perChannel.get(0, 0), "component alpha lets only green through");
    }

    @Test
    void repeatModes() throws Exception {
        PixelBuffer src = Images.of(2, 1, true, 0xFF00_0001, 0xFF00_0002);
        int[][] expected = {
            {0, 0, 0xFF00_0001, 0xFF00_0002, 0},                                    // NONE
            {0xFF00_0001, 0xFF00_0002, 0xFF00_0001, 0xFF00_0002, 0xFF00_0001},      // NORMAL
            {0xFF00_0001, 0xFF00_0001, 0xFF00_0001, 0xFF00_0002, 0xFF00_0002},      // PAD
            {0xFF00_0002, 0xFF00_0001, 0xFF00_0001, 0xFF00_0002, 0xFF00_0002},      // REFLECT
        };
        for (Repeat repeat : Repeat.values()) {
            PixelBuffer s = Images.filled(5, 1, true, 0x1234_5678);
            new Canvas(s).composite(s.bounds(), Clip.NONE, new Composite(CompositeOp.SRC,
                    Picture.of(src, Filter.NEAREST, repeat, null), null, false, -2, 0, 0, 0));
            assertArrayEquals(expected[repeat.ordinal()], Images.pixels(s), repeat.toString());
        }
    }

    @Test
    void integerTranslationMovesTheSource() throws Exception {
        PixelBuffer src = Images.of(3, 1, true, 0xFF00_0001, 0xFF00_0002, 0xFF00_0003);
        PixelBuffer s = Images.filled(2, 1, true, 0);
        Transform shift = new Transform(Transform.ONE, 0, Transform.ONE, 0, Transform.ONE, 0);
        new Canvas(s).composite(s.bounds(), Clip.NONE, new Composite(CompositeOp.SRC,
                Picture.of(src, Filter.BILINEAR, Repeat.NONE, shift), null, false, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0xFF00_0002, 0xFF00_0003}, Images.pixels(s));
    }

    @Test
    void unsupportedOperatorsAndFiltersAreRejected() {
        assertThrows(CanvasException.class, () -> CompositeOp.fromCode(0x0D));
        assertThrows(CanvasException.class, () -> CompositeOp.fromCode(0x3B));
        assertThrows(CanvasException.class, () -> Filter.fromCode(7));
        PixelBuffer s = Images.filled(1, 1, true, 0);
        Composite convolution = new Composite(CompositeOp.SRC,
                Picture.of(Images.of(1, 1, true, 1), Filter.CONVOLUTION, Repeat.NONE, null), null, false, 0, 0, 0, 0);
        assertThrows(CanvasException.class, () -> new Canvas(s).composite(s.bounds(), Clip.NONE, convolution));
    }

    @Test
    void compositeFlagsDecode() throws Exception {
        int bits = 0x03 | 4 << 8 | 3 << 11 | 1 << 14 | 3 << 16 | CompositeFlags.COMPONENT_ALPHA
                | CompositeFlags.HAS_MASK | CompositeFlags.HAS_SRC_TRANSFORM | CompositeFlags.DEST_OPAQUE;
        CompositeFlags flags = new CompositeFlags(bits);
        assertEquals(CompositeOp.OVER, flags.op());
        assertEquals(Filter.BILINEAR, flags.sourceFilter());
        assertEquals(Filter.NEAREST, flags.maskFilter());
        assertEquals(Repeat.NORMAL, flags.sourceRepeat());
        assertEquals(Repeat.REFLECT, flags.maskRepeat());
        assertEquals(true, flags.componentAlpha());
        assertEquals(true, flags.hasMask());
        assertEquals(true, flags.hasSourceTransform());
        assertEquals(false, flags.hasMaskTransform());
        assertEquals(false, flags.sourceOpaque());
        assertEquals(true, flags.destOpaque());
    }

    @Test
    void compositesPixmanRefusesChangeNothing() throws Exception {
        // A box wider than pixman's 16-bit limit: pixman skips the whole composite.
        PixelBuffer s = Images.filled(2, 1, true, 0x1111_1111);
        new Canvas(s).composite(new Rect(0, 0, 40_000, 1), Clip.NONE,
                new Composite(CompositeOp.SRC, picture(Images.of(1, 1, true, 5)), null, false, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x1111_1111, 0x1111_1111}, Images.pixels(s));
    }
}
