package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasStrokeTest {
    private static final int INK = 7;

    /** A figure through whole-pixel points (converted to 28.4). */
    private static PathSegment line(int flags, int... xy) {
        int[] fixed = new int[xy.length];
        for (int i = 0; i < xy.length; i++) {
            fixed[i] = xy[i] << 4;
        }
        return new PathSegment(flags, fixed);
    }

    private static int[] draw(int width, int height, int rop, PathSegment... path) throws CanvasException {
        PixelBuffer s = Images.filled(width, height, false, 0);
        new Canvas(s).stroke(s.bounds(), Clip.NONE, new Stroke(List.of(path), 0, new Brush.Solid(INK), rop, 0));
        return Images.pixels(s);
    }

    @Test
    void lastPointIsNotDrawn() throws Exception {
        assertArrayEquals(new int[] {0, INK, INK, INK, 0},
                draw(5, 1, RopDescriptor.OP_PUT, line(PathSegment.BEGIN | PathSegment.END, 1, 0, 4, 0)));
    }

    @Test
    void bresenhamBiasDependsOnDirection() throws Exception {
        // (0,0) -> (4,1): error terms e1 = 2, e3 = -8 starting at -4 step y after the second pixel.
        assertArrayEquals(new int[] {
            INK, INK, 0, 0, 0,
            0, 0, INK, INK, 0}, draw(5, 2, RopDescriptor.OP_PUT, line(PathSegment.BEGIN, 0, 0, 4, 1)));
        // (4,1) -> (0,0) is in a biased octant: the error starts one lower and y steps a pixel later.
        assertArrayEquals(new int[] {
            0, INK, 0, 0, 0,
            0, 0, INK, INK, INK}, draw(5, 2, RopDescriptor.OP_PUT, line(PathSegment.BEGIN, 4, 1, 0, 0)));
    }

    @Test
    void polylineDrawsEachSegmentItsOwnPixels() throws Exception {
        // Out along the row and back: with XOR, the pixels drawn by both segments cancel out.
        int[] pixels = draw(5, 1, RopDescriptor.OP_XOR, line(PathSegment.BEGIN, 0, 0, 4, 0, 1, 0));
        // Segment 1 draws x 0..3, segment 2 draws x 4..2 (not 1).
        assertArrayEquals(new int[] {INK, INK, 0, 0, INK}, pixels);
    }

    @Test
    void closeReturnsToTheFirstPoint() throws Exception {
        int[] pixels = draw(4, 4, RopDescriptor.OP_PUT,
                line(PathSegment.BEGIN | PathSegment.END | PathSegment.CLOSE, 0, 0, 3, 0, 3, 3));
        assertEquals(INK, pixels[0]);
        assertEquals(INK, pixels[3 * 4 + 3], "the corner (3,3) is drawn by the closing diagonal");
        assertEquals(INK, pixels[2 * 4 + 2], "the closing diagonal reaches (1,1) and (2,2)");
    }

    @Test
    void linesAreClippedToTheSurfaceAndTheClip() throws Exception {
        assertArrayEquals(new int[] {INK, INK, INK, INK, INK},
                draw(5, 1, RopDescriptor.OP_PUT, line(PathSegment.BEGIN, -10, 0, 10, 0)));
        PixelBuffer s = Images.filled(5, 1, false, 0);
        new Canvas(s).stroke(s.bounds(), Clip.rects(List.of(new Rect(1, 0, 3, 1))),
                new Stroke(List.of(line(PathSegment.BEGIN, -10, 0, 10, 0)), 0, new Brush.Solid(INK), RopDescriptor.OP_PUT, 0));
        assertArrayEquals(new int[] {0, INK, INK, 0, 0}, Images.pixels(s));
    }

    @Test
    void straightBezierIsOneSegment() throws Exception {
        PathSegment start = line(PathSegment.BEGIN, 0, 0);
        PathSegment curve = line(PathSegment.BEZIER, 1, 0, 2, 0, 4, 0);
        assertArrayEquals(new int[] {INK, INK, INK, INK, 0}, draw(5, 1, RopDescriptor.OP_PUT, start, curve));
    }

    @Test
    void fixedPointRoundsUpOnlyAboveOneHalf() {
        assertEquals(1, StrokePath.toPixel(0x18));
        assertEquals(2, StrokePath.toPixel(0x19));
        assertEquals(-1, StrokePath.toPixel(-0x10));
        assertEquals(-2, StrokePath.toPixel(-0x18), "-1.5 has fraction 8/16 and rounds down");
        assertEquals(-1, StrokePath.toPixel(-0x17), "-1.4375 has fraction 9/16 and rounds up");
    }

    private static int[] dashed(int width, int height, int flags, List<Integer> style, PathSegment... path)
            throws CanvasException {
        PixelBuffer s = Images.filled(width, height, false, 0);
        new Canvas(s).stroke(s.bounds(), Clip.NONE, new Stroke(List.of(path), Stroke.STYLED | flags, style,
                new Brush.Solid(INK), RopDescriptor.OP_PUT, 0));
        return Images.pixels(s);
    }

    @Test
    void styledLinesAlternateDashesAndGapsOfTheRoundedStyleLengths() throws Exception {
        // Dash 2, gap 1 (0x18 is 1.5, which rounds down to 1); the last point stays undrawn.
        assertArrayEquals(new int[] {INK, INK, 0, INK, INK, 0, INK, INK, 0, INK, 0},
                dashed(11, 1, 0, List.of(0x20, 0x18), line(PathSegment.BEGIN, 0, 0, 10, 0)));
        // An odd-length style is used as is (the X server would double it), so every round starts with a dash.
        assertArrayEquals(new int[] {INK, 0, 0, INK, INK, INK, INK, 0, 0},
                dashed(9, 1, 0, List.of(0x10, 0x20, 0x30), line(PathSegment.BEGIN, 0, 0, 9, 0)));
    }

    @Test
    void startWithGapRotatesTheStyleAndStartsOneEntryIn() throws Exception {
        // Style 2, 1, 3, 1 becomes 1, 3, 1, 2 entered 1 pixel in: gap 3, dash 1, gap 2, dash 1, gap 3.
        assertArrayEquals(new int[] {0, 0, 0, INK, 0, 0, INK, 0, 0, 0, 0},
                dashed(11, 1, Stroke.START_WITH_GAP, List.of(0x20, 0x10, 0x30, 0x10),
                        line(PathSegment.BEGIN, 0, 0, 10, 0)));
    }

    @Test
    void dashesRunOnRoundCornersAndAlongVerticalLines() throws Exception {
        // Dash 2, gap 2 from (0,0) right to (3,0), then down to (3,3): steps 0-2 along the top, 3-5 down.
        assertArrayEquals(new int[] {
            INK, INK, 0, 0,
            0, 0, 0, INK,
            0, 0, 0, INK,
            0, 0, 0, 0}, dashed(4, 4, 0, List.of(0x20, 0x20), line(PathSegment.BEGIN, 0, 0, 3, 0, 3, 3)));
    }

    @Test
    void unsupportedAndMalformedStrokesAreRejected() {
        PixelBuffer s = Images.filled(5, 1, false, 0);
        Canvas canvas = new Canvas(s);
        Stroke dashed = new Stroke(List.of(line(PathSegment.BEGIN, 0, 0, 4, 0)), Stroke.STYLED, new Brush.Solid(1),
                RopDescriptor.OP_PUT, 0);
        Stroke zeroDash = new Stroke(List.of(line(PathSegment.BEGIN, 0, 0, 4, 0)), Stroke.STYLED, List.of(0x20, 0x08),
                new Brush.Solid(1), RopDescriptor.OP_PUT, 0);
        Stroke notTriples = new Stroke(List.of(line(PathSegment.BEGIN | PathSegment.BEZIER, 0, 0, 1, 0, 2, 0)), 0,
                new Brush.Solid(1), RopDescriptor.OP_PUT, 0);
        Stroke noCurrentPoint = new Stroke(List.of(line(PathSegment.BEZIER, 1, 0, 2, 0, 3, 0)), 0, new Brush.Solid(1),
                RopDescriptor.OP_PUT, 0);
        Stroke degenerate = new Stroke(List.of(line(PathSegment.BEGIN, 2, 0), line(PathSegment.BEZIER, 2, 0, 2, 0, 2, 0)),
                0, new Brush.Solid(1), RopDescriptor.OP_PUT, 0);
        assertThrows(CanvasException.class, () -> canvas.stroke(s.bounds(), Clip.NONE, dashed));
        assertThrows(CanvasException.class, () -> canvas.stroke(s.bounds(), Clip.NONE, zeroDash));
        assertThrows(CanvasException.class, () -> canvas.stroke(s.bounds(), Clip.NONE, notTriples));
        assertThrows(CanvasException.class, () -> canvas.stroke(s.bounds(), Clip.NONE, noCurrentPoint));
        assertThrows(CanvasException.class, () -> canvas.stroke(s.bounds(), Clip.NONE, degenerate));
        assertArrayEquals(new int[5], Images.pixels(s));
    }
}
