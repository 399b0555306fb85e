package dev.saffron.spice.internal.codec;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Lz4BlockTest {
    private static void roundTrips(byte[] plain) throws ImageDecodeException {
        byte[] block = Lz4Block.compress(plain, 0, plain.length);
        assertTrue(block.length <= Lz4Block.maxCompressedLength(plain.length));
        assertArrayEquals(plain, Lz4Block.decompress(block, 0, block.length, plain.length));
    }

    @Test
    void repetitiveDataShrinksAndComesBackUnchanged() throws ImageDecodeException {
        byte[] plain = new byte[64 * 1024];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i % 512 < 300 ? 0 : i / 7);
        }
        byte[] block = Lz4Block.compress(plain, 0, plain.length);
        assertTrue(block.length < plain.length / 4, "a mostly zero sector compresses: " + block.length);
        assertArrayEquals(plain, Lz4Block.decompress(block, 0, block.length, plain.length));
    }

    @Test
    void randomAndShortInputsRoundTrip() throws ImageDecodeException {
        Random random = new Random(15);
        for (int length : new int[]{1, 4, 12, 13, 17, 255, 270, 1001, 70_000}) {
            byte[] plain = new byte[length];
            random.nextBytes(plain);
            roundTrips(plain);
            Arrays.fill(plain, (byte) 7);
            roundTrips(plain);
        }
    }

    @Test
    void aBlockOfAnotherSizeThanAnnouncedIsRefused() {
        byte[] plain = new byte[2000];
        byte[] block = Lz4Block.compress(plain, 0, plain.length);
        assertThrows(ImageDecodeException.class, () -> Lz4Block.decompress(block, 0, block.length, 1999));
        assertThrows(ImageDecodeException.class, () -> Lz4Block.decompress(block, 0, block.length, 2001));
        assertThrows(ImageDecodeException.class, () -> Lz4Block.decompress(block, 0, block.length - 1, 2000));
    }
}
