package dev.saffron.spice.internal.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilitiesTest {
    @Test
    void bitNIsInWordNDiv32() {
        Capabilities caps = Capabilities.of(0, 3, 33);
        assertArrayEquals(new int[]{0b1001, 0b10}, caps.words());
        assertTrue(caps.has(33));
        assertFalse(caps.has(32));
        assertFalse(caps.has(-1));
        assertFalse(caps.has(1000));
        assertArrayEquals(new int[]{0, 3, 33}, caps.numbers());
    }

    @Test
    void trailingZeroWordsDoNotMatter() {
        assertEquals(Capabilities.of(1), Capabilities.fromWords(new int[]{2, 0, 0}));
        assertEquals(0, Capabilities.fromWords(new int[]{0, 0}).wordCount());
    }

    @Test
    void highestBitOfAWordIsCapability31() {
        Capabilities caps = Capabilities.fromWords(new int[]{0x8000_0000});
        assertArrayEquals(new int[]{31}, caps.numbers());
    }
}
