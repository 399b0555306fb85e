package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

class RasterOpTest {
    @Test
    void everyOperationMatchesItsX11Formula() {
        // The formulas of X11's GX codes (and spice-common's RASTER_OP table), in code order.
        IntBinaryOperator[] formulas = {
            (s, d) -> 0, (s, d) -> s & d, (s, d) -> s & ~d, (s, d) -> s, (s, d) -> ~s & d, (s, d) -> d,
            (s, d) -> s ^ d, (s, d) -> s | d, (s, d) -> ~s & ~d, (s, d) -> ~s ^ d, (s, d) -> ~d,
            (s, d) -> s | ~d, (s, d) -> ~s, (s, d) -> ~s | d, (s, d) -> ~s | ~d, (s, d) -> -1,
        };
        int[] values = {0, -1, 0x12345678, 0xFF00FF00, 0x0F0F0F0F, 0x80000001};
        for (int code = 0; code < 16; code++) {
            RasterOp op = RasterOp.fromCode(code);
            assertEquals(code, op.ordinal());
            for (int s : values) {
                for (int d : values) {
                    assertEquals(formulas[code].applyAsInt(s, d), op.apply(s, d), op + " " + s + " " + d);
                }
            }
        }
    }

    @Test
    void knowsWhichOperationsReadTheDestination() {
        assertFalse(RasterOp.COPY.readsDestination());
        assertFalse(RasterOp.CLEAR.readsDestination());
        assertFalse(RasterOp.COPY_INVERTED.readsDestination());
        assertTrue(RasterOp.XOR.readsDestination());
        assertTrue(RasterOp.INVERT.readsDestination());
        assertTrue(RasterOp.NOOP.readsDestination());
    }
}
