package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Lz4DecoderTest {
    private final Lz4Decoder decoder = new Lz4Decoder(ImageLimits.DEFAULT);

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] sizes = {{1, 1}, {7, 3}, {61, 47}, {301, 257}};
        for (Lz4Header.Format format : Lz4Header.Format.values()) {
            for (int[] size : sizes) {
                for (TestImages.Kind kind : TestImages.Kind.values()) {
                    cases.add(Arguments.of(format, size[0], size[1], kind, kind.ordinal() % 2 == 0,
                            kind.ordinal() % 3 == 0 ? Integer.MAX_VALUE : 997));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesStreamedBlocks(Lz4Header.Format format, int width, int height, TestImages.Kind kind, boolean topDown,
                               int blockSize) throws Exception {
        byte[] packed = packed(format, TestImages.units(kind, width, height, 0xFFFFFFFF, width + height));
        Lz4TestWriter writer = new Lz4TestWriter();
        byte[] payload = writer.payload(topDown, format.wireValue(), packed, blockSize);
        int[] expected = expected(format, packed, width, height, topDown);
        for (MemorySegment src : List.of(Pixels.segment(payload), Pixels.nativeSegment(payload))) {
            assertArrayEquals(expected, decode(src, width, height, format, topDown));
        }
    }

    @Test
    void writerExercisesCrossBlockMatchesAndLongLengths() throws Exception {
        byte[] packed = packed(Lz4Header.Format.RGB32, TestImages.units(TestImages.Kind.TILES, 301, 257, -1, 8));
        Lz4TestWriter writer = new Lz4TestWriter();
        byte[] payload = writer.payload(true, 8, packed, 4000);
        assertTrue(writer.crossBlockMatches > 0);
        assertTrue(writer.longLiterals > 0);
        assertTrue(writer.longMatches > 0);
        assertArrayEquals(expected(Lz4Header.Format.RGB32, packed, 301, 257, true),
                decode(Pixels.segment(payload), 301, 257, Lz4Header.Format.RGB32, true));
    }

    @Test
    void handMadeBlocksWithRunsAndCrossBlockCopies() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(8);
        block(out, 0x40, 1, 2, 3, 4, 0x04, 0x00, 0x00);
        block(out, 0x13, 9, 0x01, 0x00, 0x22, 7, 7, 0x0C, 0x00, 0x00);
        int[] pixels = decode(Pixels.segment(out.toByteArray()), 6, 1, Lz4Header.Format.RGB32, true);
        assertArrayEquals(new int[] {0xFF030201, 0xFF030201, 0xFF090909, 0xFF090909, 0xFF030707, 0xFF090909}, pixels);
    }

    @Test
    void sixteenBitPixelsAreLittleEndianX555() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(6);
        block(out, 0x40, 0x00, 0x7C, 0x1F, 0x80);
        assertArrayEquals(new int[] {0xFF0000FF, 0xFFFF0000},
                decode(Pixels.segment(out.toByteArray()), 1, 2, Lz4Header.Format.RGB16, false));
    }

    @Test
    void paddedRowsAreReadAsPackedRowsLikeTheReferenceClient() throws Exception {
        int width = 3;
        int height = 4;
        byte[] padded = new byte[12 * height];
        new SplittableRandom(1).nextBytes(padded);
        byte[] payload = new Lz4TestWriter().payload(true, 7, padded, Integer.MAX_VALUE);
        assertArrayEquals(expected(Lz4Header.Format.RGB24, Arrays.copyOf(padded, 9 * height), width, height, true),
                decode(Pixels.segment(payload), width, height, Lz4Header.Format.RGB24, true));

        byte[] tooLong = new Lz4TestWriter().payload(true, 7, Arrays.copyOf(padded, padded.length + 1), Integer.MAX_VALUE);
        assertThrows(ImageDecodeException.class,
                () -> decode(Pixels.segment(tooLong), width, height, Lz4Header.Format.RGB24, true));
        byte[] tooShort = new Lz4TestWriter().payload(true, 7, Arrays.copyOf(padded, 9 * height - 1), Integer.MAX_VALUE);
        assertThrows(ImageDecodeException.class,
                () -> decode(Pixels.segment(tooShort), width, height, Lz4Header.Format.RGB24, true));
    }

    @Test
    void shortMatchesThatOverlapTheirOwnOutputRepeatTheirPatternOnTheEightByteCopy() throws Exception {
        // Eight literals, then 20 bytes copied from 8 back (each 8-byte step reads what the step before wrote),
        // then 20 from 9 back, then the five closing literals; the output array has room past the image, as
        // the decoder's scratch buffer does, so both matches take the 8-byte path.
        byte[] block = {(byte) 0x8F, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 8, 0, 1, 0x0F, 9, 0, 1, 0x50,
            'v', 'w', 'x', 'y', 'z'};
        byte[] out = new byte[200];
        Arrays.fill(out, (byte) '#');
        int produced = Lz4Decoder.decodeBlock(block, 0, block.length, out, 0, 73);
        String expected = "ABCDEFGH" + "ABCDEFGHABCDEFGHABCD" + "DEFGHABCDDEFGHABCDDE" + "vwxyz";
        assertEquals(expected.length(), produced);
        assertEquals(expected, new String(out, 0, produced, StandardCharsets.US_ASCII));
        assertEquals('#', out[200 - 1], "nothing is written past the 8-byte steps' reach");
    }

    @Test
    void aShortMatchPassingTheImageEndIsRefusedEvenWithRoomInTheArray() {
        byte[] block = {(byte) 0x8C, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 8, 0, 0x50, 'v', 'w', 'x', 'y', 'z'};
        assertThrows(ImageDecodeException.class, () -> Lz4Decoder.decodeBlock(block, 0, block.length,
                new byte[200], 0, 20), "16 bytes of match from 8 go past a 20-byte image");
        byte[] farBack = {(byte) 0x8C, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 9, 0, 0x50, 'v', 'w', 'x', 'y', 'z'};
        assertThrows(ImageDecodeException.class, () -> Lz4Decoder.decodeBlock(farBack, 0, farBack.length,
                new byte[200], 0, 100), "a match 9 back after 8 bytes reaches before the output");
    }

    @Test
    void rejectsMalformedBlocks() {
        assertRejected(0x40, 1, 2, 3, 4, 0x00, 0x00, 0x00);
        assertRejected(0x40, 1, 2, 3, 4, 0x05, 0x00, 0x00);
        assertRejected(0x40, 1, 2, 3, 4, 0x04, 0x00, 0x0F, 0x00, 0x00);
        assertRejected(0x80, 1, 2, 3, 4);
        assertRejected(0xF0, 0xFF, 0xFF);
        assertRejected(0x40, 1, 2, 3, 4, 0x04);
        assertRejected(0x40, 1, 2, 3, 4, 0x04, 0x00);
        assertRejected(0x10, 1, 0x01, 0x00);
        assertRejected();
    }

    @Test
    void rejectsBadPayloads() {
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(new byte[] {1}), 1, 1));
        for (int format : new int[] {0, 1, 5, 10, 200}) {
            assertThrows(ImageDecodeException.class,
                    () -> decoder.parseHeader(Pixels.segment(new byte[] {1, (byte) format}), 1, 1));
        }
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(new byte[] {1, 8}), 0, 1));
        assertThrows(ImageDecodeException.class,
                () -> new Lz4Decoder(new ImageLimits(10, 10, 100)).parseHeader(Pixels.segment(new byte[] {1, 8}), 11, 1));
        byte[] headerOnly = {1, 8};
        assertThrows(ImageDecodeException.class,
                () -> decode(Pixels.segment(headerOnly), 1, 1, Lz4Header.Format.RGB32, true));
        byte[] blockTooLong = {1, 8, 0, 0, 0, 9, 0x40, 1, 2, 3, 4};
        assertThrows(ImageDecodeException.class,
                () -> decode(Pixels.segment(blockTooLong), 1, 1, Lz4Header.Format.RGB32, true));
        byte[] shortLength = {1, 8, 0, 0, 0, 5, 0x40, 1, 2, 3, 4, 0, 0};
        assertThrows(ImageDecodeException.class,
                () -> decode(Pixels.segment(shortLength), 1, 1, Lz4Header.Format.RGB32, true));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyPrefixIsRejectedAndCorruptionFailsCleanly() throws Exception {
        byte[] packed = packed(Lz4Header.Format.RGBA, TestImages.units(TestImages.Kind.TILES, 50, 20, -1, 3));
        byte[] payload = new Lz4TestWriter().payload(false, 9, packed, 1000);
        decode(Pixels.segment(payload), 50, 20, Lz4Header.Format.RGBA, false);
        for (int length = 0; length < payload.length; length++) {
            byte[] prefix = Arrays.copyOf(payload, length);
            assertThrows(ImageDecodeException.class, () -> {
                MemorySegment src = Pixels.segment(prefix);
                Lz4Header header = decoder.parseHeader(src, 50, 20);
                Pixels.Target target = Pixels.target(50, 20);
                decoder.decode(header, src, target.segment(), target.offset(), target.stride());
            }, "prefix " + length);
        }
        SplittableRandom random = new SplittableRandom(3);
        int rejected = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] corrupt = payload.clone();
            corrupt[2 + random.nextInt(corrupt.length - 2)] = (byte) random.nextInt(256);
            try {
                decode(Pixels.segment(corrupt), 50, 20, Lz4Header.Format.RGBA, false);
            } catch (ImageDecodeException expected) {
                rejected++;
            }
        }
        assertTrue(rejected > 20, "corruptions reach the error paths: " + rejected);
    }

    private void assertRejected(int... block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(8);
        block(out, block);
        assertThrows(ImageDecodeException.class,
                () -> decode(Pixels.segment(out.toByteArray()), 2, 1, Lz4Header.Format.RGB32, true));
    }

    private static void block(ByteArrayOutputStream out, int... bytes) {
        LzTestEncoder.writeU32(out, bytes.length);
        for (int b : bytes) {
            out.write(b);
        }
    }

    private int[] decode(MemorySegment src, int width, int height, Lz4Header.Format format, boolean topDown)
            throws ImageDecodeException {
        Lz4Header header = decoder.parseHeader(src, width, height);
        assertEquals(new Lz4Header(width, height, topDown, format), header);
        Pixels.Target target = Pixels.target(width, height);
        decoder.decode(header, src, target.segment(), target.offset(), target.stride());
        assertTrue(target.marginsUntouched());
        return target.pixels();
    }

    /** Packs 32-bit units into the format's bytes; for RGB16 the unused top bit is left set at random. */
    private static byte[] packed(Lz4Header.Format format, int[] units) {
        int bpp = format.bytesPerPixel();
        byte[] out = new byte[units.length * bpp];
        for (int i = 0; i < units.length; i++) {
            int u = units[i];
            for (int k = 0; k < bpp; k++) {
                out[i * bpp + k] = (byte) (u >>> (8 * k));
            }
        }
        return out;
    }

    private static int[] expected(Lz4Header.Format format, byte[] packed, int width, int height, boolean topDown) {
        int bpp = format.bytesPerPixel();
        int[] out = new int[width * height];
        for (int row = 0; row < height; row++) {
            int y = topDown ? row : height - 1 - row;
            for (int x = 0; x < width; x++) {
                int at = (row * width + x) * bpp;
                int b0 = packed[at] & 0xFF;
                int b1 = packed[at + 1 < packed.length ? at + 1 : at] & 0xFF;
                out[y * width + x] = switch (format) {
                    case RGB16 -> Pixels.from555(b0 | b1 << 8);
                    case RGB24, RGB32 -> 0xFF000000 | (packed[at + 2] & 0xFF) << 16 | b1 << 8 | b0;
                    case RGBA -> (packed[at + 3] & 0xFF) << 24 | (packed[at + 2] & 0xFF) << 16 | b1 << 8 | b0;
                };
            }
        }
        return out;
    }
}
