package dev.saffron.spice.internal.display;

import static dev.saffron.spice.internal.display.RopDescriptor.INVERS_BRUSH;
import static dev.saffron.spice.internal.display.RopDescriptor.INVERS_DEST;
import static dev.saffron.spice.internal.display.RopDescriptor.INVERS_RES;
import static dev.saffron.spice.internal.display.RopDescriptor.INVERS_SRC;
import static dev.saffron.spice.internal.display.RopDescriptor.OP_AND;
import static dev.saffron.spice.internal.display.RopDescriptor.OP_BLACKNESS;
import static dev.saffron.spice.internal.display.RopDescriptor.OP_INVERS;
import static dev.saffron.spice.internal.display.RopDescriptor.OP_OR;
import static dev.saffron.spice.internal.display.RopDescriptor.OP_PUT;
import static dev.saffron.spice.internal.display.RopDescriptor.OP_WHITENESS;
import static dev.saffron.spice.internal.display.RopDescriptor.OP_XOR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RopDescriptorTest {
    /**
     * The expected operations are the leaves of ropd_descriptor_to_rop() in spice-common's canvas_base.c,
     * written out by hand as (result inverted, source inverted, destination inverted) -> operation.
     */
    private static final Object[][] OR_AND_XOR = {
        // descriptor op, RES, SRC, DEST, expected
        {OP_OR, 1, 1, 1, RasterOp.AND}, {OP_OR, 1, 1, 0, RasterOp.AND_REVERSE},
        {OP_OR, 1, 0, 1, RasterOp.AND_INVERTED}, {OP_OR, 1, 0, 0, RasterOp.NOR},
        {OP_OR, 0, 1, 1, RasterOp.NAND}, {OP_OR, 0, 1, 0, RasterOp.OR_INVERTED},
        {OP_OR, 0, 0, 1, RasterOp.OR_REVERSE}, {OP_OR, 0, 0, 0, RasterOp.OR},
        {OP_AND, 1, 1, 1, RasterOp.OR}, {OP_AND, 1, 1, 0, RasterOp.OR_REVERSE},
        {OP_AND, 1, 0, 1, RasterOp.OR_INVERTED}, {OP_AND, 1, 0, 0, RasterOp.NAND},
        {OP_AND, 0, 1, 1, RasterOp.NOR}, {OP_AND, 0, 1, 0, RasterOp.AND_INVERTED},
        {OP_AND, 0, 0, 1, RasterOp.AND_REVERSE}, {OP_AND, 0, 0, 0, RasterOp.AND},
        {OP_XOR, 1, 1, 1, RasterOp.EQUIV}, {OP_XOR, 1, 1, 0, RasterOp.XOR},
        {OP_XOR, 1, 0, 1, RasterOp.XOR}, {OP_XOR, 1, 0, 0, RasterOp.EQUIV},
        {OP_XOR, 0, 1, 1, RasterOp.XOR}, {OP_XOR, 0, 1, 0, RasterOp.EQUIV},
        {OP_XOR, 0, 0, 1, RasterOp.EQUIV}, {OP_XOR, 0, 0, 0, RasterOp.XOR},
    };

    @Test
    void orAndXorFollowTheCanvasTable() {
        for (Object[] row : OR_AND_XOR) {
            int descriptor = (int) row[0] | ((int) row[1] == 1 ? INVERS_RES : 0)
                    | ((int) row[2] == 1 ? INVERS_SRC : 0) | ((int) row[3] == 1 ? INVERS_DEST : 0);
            assertEquals(row[4], RopDescriptor.forImage(descriptor), "descriptor 0x" + Integer.toHexString(descriptor));
        }
    }

    @Test
    void putIgnoresTheDestinationInversion() {
        assertEquals(RasterOp.COPY, RopDescriptor.forImage(OP_PUT));
        assertEquals(RasterOp.COPY_INVERTED, RopDescriptor.forImage(OP_PUT | INVERS_SRC));
        assertEquals(RasterOp.COPY_INVERTED, RopDescriptor.forImage(OP_PUT | INVERS_RES));
        assertEquals(RasterOp.COPY, RopDescriptor.forImage(OP_PUT | INVERS_SRC | INVERS_RES));
        assertEquals(RasterOp.COPY, RopDescriptor.forImage(OP_PUT | INVERS_DEST));
    }

    @Test
    void constantOperationsIgnoreEveryInversion() {
        int all = INVERS_SRC | INVERS_BRUSH | INVERS_DEST | INVERS_RES;
        assertEquals(RasterOp.CLEAR, RopDescriptor.forImage(OP_BLACKNESS | all));
        assertEquals(RasterOp.SET, RopDescriptor.forImage(OP_WHITENESS | all));
        assertEquals(RasterOp.INVERT, RopDescriptor.forImage(OP_INVERS | all));
        assertEquals(RasterOp.COPY, RopDescriptor.forImage(all), "no operation bit means a copy");
        assertEquals(RasterOp.COPY, RopDescriptor.forImage(0));
    }

    @Test
    void firstOperationBitWins() {
        assertEquals(RasterOp.COPY, RopDescriptor.forImage(OP_PUT | OP_OR | OP_XOR));
        assertEquals(RasterOp.OR, RopDescriptor.forImage(OP_OR | OP_AND));
        assertEquals(RasterOp.AND, RopDescriptor.forImage(OP_AND | OP_XOR | OP_BLACKNESS));
        assertEquals(RasterOp.XOR, RopDescriptor.forImage(OP_XOR | OP_BLACKNESS));
        assertEquals(RasterOp.CLEAR, RopDescriptor.forImage(OP_BLACKNESS | OP_WHITENESS));
        assertEquals(RasterOp.SET, RopDescriptor.forImage(OP_WHITENESS | OP_INVERS));
    }

    @Test
    void eachDrawPicksItsOwnInversionBits() {
        // COPY/BLEND: the image is the source; INVERS_BRUSH means nothing.
        assertEquals(RasterOp.OR_INVERTED, RopDescriptor.forImage(OP_OR | INVERS_SRC));
        assertEquals(RasterOp.OR, RopDescriptor.forImage(OP_OR | INVERS_BRUSH));
        // FILL/STROKE: the brush is the source; INVERS_SRC means nothing.
        assertEquals(RasterOp.OR_INVERTED, RopDescriptor.forBrush(OP_OR | INVERS_BRUSH));
        assertEquals(RasterOp.OR, RopDescriptor.forBrush(OP_OR | INVERS_SRC));
        assertEquals(RasterOp.OR_REVERSE, RopDescriptor.forBrush(OP_OR | INVERS_DEST));
        // OPAQUE: the brush is the source and the copied image the destination; INVERS_DEST means nothing.
        assertEquals(RasterOp.OR_INVERTED, RopDescriptor.forOpaque(OP_OR | INVERS_BRUSH));
        assertEquals(RasterOp.OR_REVERSE, RopDescriptor.forOpaque(OP_OR | INVERS_SRC));
        assertEquals(RasterOp.OR, RopDescriptor.forOpaque(OP_OR | INVERS_DEST));
    }

    @Test
    void everyDescriptorComputesTheInvertedOperation() {
        int s = 0x0F0F_3355;
        int d = 0x00FF_5533;
        for (int descriptor = 0; descriptor < 0x800; descriptor++) {
            int op = descriptor & (OP_OR | OP_AND | OP_XOR);
            if ((descriptor & OP_PUT) != 0 || op == 0) {
                continue;
            }
            int first = Integer.lowestOneBit(op);
            int src = (descriptor & INVERS_SRC) != 0 ? ~s : s;
            int dst = (descriptor & INVERS_DEST) != 0 ? ~d : d;
            int expected = first == OP_OR ? src | dst : first == OP_AND ? src & dst : src ^ dst;
            if ((descriptor & INVERS_RES) != 0) {
                expected = ~expected;
            }
            assertEquals(expected, RopDescriptor.forImage(descriptor).apply(s, d), "descriptor " + descriptor);
        }
    }
}
