package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PivDataObjectsTest {
    /** Reads the FASC-N back as its 40 five-bit characters and checks what a PACS reader checks. */
    @Test
    void fascnHasSentinelsOddParityAndItsLongitudinalCheck() {
        byte[] fascn = PivDataObjects.nonFederalFascn();
        assertEquals(25, fascn.length);
        int[] characters = new int[40];
        int lrc = 0;
        for (int i = 0; i < 40; i++) {
            int bits = 0;
            for (int b = 0; b < 5; b++) {
                int bit = i * 5 + b;
                bits = bits << 1 | (fascn[bit >>> 3] >>> (7 - (bit & 7)) & 1);
            }
            assertEquals(1, Integer.bitCount(bits) & 1, "character " + i + " has odd parity");
            // Data bits come least significant first, before the parity bit.
            int value = (bits >>> 4 & 1) | (bits >>> 3 & 1) << 1 | (bits >>> 2 & 1) << 2 | (bits >>> 1 & 1) << 3;
            characters[i] = value;
            if (i < 39) {
                lrc ^= value;
            }
        }
        assertEquals(0xB, characters[0], "start sentinel");
        assertEquals(9, characters[1], "agency code 9999: not a federal issuer");
        assertEquals(0xD, characters[5], "field separator after the agency code");
        assertEquals(0xF, characters[38], "end sentinel");
        assertEquals(lrc, characters[39], "longitudinal redundancy check");
    }
}
