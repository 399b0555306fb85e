package dev.saffron.spice.internal.display;

/**
 * One of the 256 Windows ternary raster operations ({@code rop3} of DRAW_ROP3) over pattern P, source S
 * and destination D, evaluated bit by bit on whole 32-bit pixels. Bit {@code (p << 2) | (s << 1) | d} of the
 * code is the result for those input bits, so P = 0xF0, S = 0xCC and D = 0xAA give the code itself.
 *
 * <p>spice-common implements 218 codes with one formula each (all of which agree with this truth table);
 * the other 38, the ones that ignore an input such as 0x00, 0xCC or 0xF0, abort spice-gtk. Saffron evaluates
 * every code by its truth table.
 */
final class TernaryRop {
    /** Masks, all ones or all zeros, selecting the result for each combination of the inputs. */
    private final int[] minterm = new int[8];

    TernaryRop(int code) {
        for (int i = 0; i < 8; i++) {
            minterm[i] = -(code >> i & 1);
        }
    }

    int apply(int pattern, int source, int destination) {
        int whenPatternSet = combine(source, destination, 4);
        int whenPatternClear = combine(source, destination, 0);
        return (pattern & whenPatternSet) | (~pattern & whenPatternClear);
    }

    private int combine(int s, int d, int base) {
        return (~s & ~d & minterm[base]) | (~s & d & minterm[base + 1]) | (s & ~d & minterm[base + 2])
                | (s & d & minterm[base + 3]);
    }
}
