package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class LzMatchTest {
    @Test
    void repeatsOverlappingSourcesLikeAByteByByteCopy() throws ImageDecodeException {
        for (int distance = 1; distance <= 40; distance++) {
            for (int len = 1; len <= 100; len++) {
                int[] ints = new int[distance + len + 5];
                byte[] bytes = new byte[ints.length];
                for (int i = 0; i < ints.length; i++) {
                    ints[i] = i * 0x01000193;
                    bytes[i] = (byte) (i * 7 + 1);
                }
                int[] expectedInts = ints.clone();
                byte[] expectedBytes = bytes.clone();
                int from = 2;
                int to = from + distance;
                for (int i = 0; i < len; i++) {
                    expectedInts[to + i] = expectedInts[from + i];
                    expectedBytes[to + i] = expectedBytes[from + i];
                }
                LzMatch.copy(ints, to, distance, len, to + len, "test");
                LzMatch.copy(bytes, to, distance, len, to + len, "test");
                assertArrayEquals(expectedInts, ints, "distance " + distance + " length " + len);
                assertArrayEquals(expectedBytes, bytes, "distance " + distance + " length " + len);
            }
        }
    }

    @Test
    void aMatchMustReadWrittenOutputAndEndWithinTheLimit() throws ImageDecodeException {
        int[] out = {1, 2, 3, 4, 0, 0, 0, 0};
        assertThrows(ImageDecodeException.class, () -> LzMatch.copy(out, 4, 5, 1, 8, "test"), "before the start");
        assertThrows(ImageDecodeException.class, () -> LzMatch.copy(out, 4, 0, 1, 8, "test"), "distance 0");
        assertThrows(ImageDecodeException.class, () -> LzMatch.copy(out, 4, 2, 5, 8, "test"), "past the limit");
        assertArrayEquals(new int[] {1, 2, 3, 4, 0, 0, 0, 0}, out, "nothing copied when refused");
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> LzMatch.copy(new byte[4], 1, 1, 4, 4, "LZ4"));
        assertTrue(e.getMessage().startsWith("LZ4: "), e.getMessage());
        LzMatch.copy(out, 4, 4, 4, 8, "test");
        assertArrayEquals(new int[] {1, 2, 3, 4, 1, 2, 3, 4}, out, "exactly up to the limit");
    }

    @Test
    void extensionBytesAddUpUntilOneIsBelow255() throws ImageDecodeException {
        byte[] in = {9, (byte) 255, (byte) 255, 4, 9};
        long read = LzMatch.extendLength(in, 1, in.length, 7, 10_000, "test");
        assertEquals(4, LzMatch.position(read));
        assertEquals(7 + 255 + 255 + 4, LzMatch.value(read));
        byte[] zero = {0};
        assertEquals(LzMatch.pack(1, 15), LzMatch.extendLength(zero, 0, 1, 15, 100, "test"), "a 0 ends it at once");
    }

    @Test
    void extensionStopsPastTheLargestUsefulLengthAndAtTheEndOfTheStream() throws ImageDecodeException {
        byte[] endless = new byte[1000];
        Arrays.fill(endless, (byte) 255);
        long read = LzMatch.extendLength(endless, 0, endless.length, 6, 600, "test");
        assertEquals(3, LzMatch.position(read), "6 + 3 * 255 is the first length past 600");
        assertTrue(LzMatch.value(read) > 600);
        assertThrows(ImageDecodeException.class, () -> LzMatch.extendLength(endless, 0, 2, 6, 10_000, "test"));
    }

    @Test
    void packedResultsKeepLargePositionsAndValues() {
        long packed = LzMatch.pack(Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 1024);
        assertEquals(Integer.MAX_VALUE - 1, LzMatch.position(packed));
        assertEquals(Integer.MAX_VALUE - 1024, LzMatch.value(packed));
    }
}
