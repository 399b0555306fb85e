package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TernaryRopTest {
    private static final int P = 0xF0F0_F0F0;
    private static final int S = 0xCCCC_CCCC;
    private static final int D = 0xAAAA_AAAA;

    @Test
    void theCodeIsItsOwnTruthTable() {
        for (int code = 0; code < 256; code++) {
            int replicated = code * 0x0101_0101;
            assertEquals(replicated, new TernaryRop(code).apply(P, S, D), "code " + code);
        }
    }

    @Test
    void namedWindowsOperations() {
        int p = 0x1234_5678;
        int s = 0x0F0F_00FF;
        int d = 0x7070_FF00;
        // Formulas from the Windows GDI ternary raster operation list.
        assertEquals(s, new TernaryRop(0xCC).apply(p, s, d), "SRCCOPY");
        assertEquals(s | d, new TernaryRop(0xEE).apply(p, s, d), "SRCPAINT");
        assertEquals(s & d, new TernaryRop(0x88).apply(p, s, d), "SRCAND");
        assertEquals(s ^ d, new TernaryRop(0x66).apply(p, s, d), "SRCINVERT");
        assertEquals(s & ~d, new TernaryRop(0x44).apply(p, s, d), "SRCERASE");
        assertEquals(~s, new TernaryRop(0x33).apply(p, s, d), "NOTSRCCOPY");
        assertEquals(p & s, new TernaryRop(0xC0).apply(p, s, d), "MERGECOPY");
        assertEquals(~s | d, new TernaryRop(0xBB).apply(p, s, d), "MERGEPAINT");
        assertEquals(p, new TernaryRop(0xF0).apply(p, s, d), "PATCOPY");
        assertEquals(p ^ d, new TernaryRop(0x5A).apply(p, s, d), "PATINVERT");
        assertEquals(p | ~s | d, new TernaryRop(0xFB).apply(p, s, d), "PATPAINT");
        assertEquals(~d, new TernaryRop(0x55).apply(p, s, d), "DSTINVERT");
        assertEquals(0, new TernaryRop(0x00).apply(p, s, d), "BLACKNESS");
        assertEquals(-1, new TernaryRop(0xFF).apply(p, s, d), "WHITENESS");
        assertEquals(p ^ (s & (d ^ p)), new TernaryRop(0xB8).apply(p, s, d), "PSDPxax");
        assertEquals(~((s & d) | p), new TernaryRop(0x07).apply(p, s, d), "PDSaon");
    }
}
