package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MatchCopyTest {
    @Test
    void repeatsOverlappingSourcesLikeAByteByByteCopy() {
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
                MatchCopy.copy(ints, from, to, len);
                MatchCopy.copy(bytes, from, to, len);
                assertArrayEquals(expectedInts, ints, "distance " + distance + " length " + len);
                assertArrayEquals(expectedBytes, bytes, "distance " + distance + " length " + len);
            }
        }
    }
}
