package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LzDecoderTest {
    private final LzDecoder decoder = new LzDecoder(ImageLimits.DEFAULT);

    static Stream<Arguments> pixelCases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] sizes = {{1, 1}, {7, 3}, {61, 47}, {301, 257}};
        for (LzImageType type : List.of(LzImageType.RGB16, LzImageType.RGB24, LzImageType.RGB32, LzImageType.RGBA,
                LzImageType.A8)) {
            for (int[] size : sizes) {
                for (TestImages.Kind kind : TestImages.Kind.values()) {
                    cases.add(Arguments.of(type, size[0], size[1], kind, (size[0] + kind.ordinal()) % 2 == 0));
                }
            }
        }
        return cases.stream();
    }

    static int unitMask(LzImageType type) {
        return switch (type) {
            case RGB16 -> 0x7FFF;
            case RGB24, RGB32 -> 0xFFFFFF;
            case RGBA -> 0xFFFFFFFF;
            default -> 0xFF;
        };
    }

    @ParameterizedTest
    @MethodSource("pixelCases")
    void decodesWhatTheEncoderCoded(LzImageType type, int width, int height, TestImages.Kind kind, boolean topDown)
            throws Exception {
        int[] units = TestImages.units(kind, width, height, unitMask(type), width * 31L + height);
        byte[] stream = new LzTestEncoder().encode(type, width, height, width * type.bytesPerPixel(), topDown, units);
        int[] expected = Pixels.expected(type, units, width, height, topDown);

        for (MemorySegment src : List.of(Pixels.segment(stream), Pixels.nativeSegment(stream))) {
            LzHeader header = decoder.parseHeader(src);
            assertEquals(new LzHeader(type, width, height, width * type.bytesPerPixel(), topDown), header);
            Pixels.Target target = Pixels.target(width, height);
            decoder.decode(header, src, null, target.segment(), target.offset(), target.stride());
            assertArrayEquals(expected, target.pixels());
            assertTrue(target.marginsUntouched());
        }
    }

    @Test
    void encoderExercisesEveryStreamFeature() throws Exception {
        LzTestEncoder encoder = new LzTestEncoder();
        for (TestImages.Kind kind : TestImages.Kind.values()) {
            int[] units = TestImages.units(kind, 301, 257, 0xFFFFFF, 7);
            byte[] stream = encoder.encode(LzImageType.RGB32, 301, 257, 301 * 4, true, units);
            Pixels.Target target = Pixels.target(301, 257);
            MemorySegment src = Pixels.segment(stream);
            decoder.decode(decoder.parseHeader(src), src, null, target.segment(), target.offset(), target.stride());
            assertArrayEquals(Pixels.expected(LzImageType.RGB32, units, 301, 257, true), target.pixels());
        }
        assertTrue(encoder.stats.farMatches > 0, "far distances");
        assertTrue(encoder.stats.multiByteLengths > 0, "lengths over 255");
        assertTrue(encoder.stats.extendedLengths > 0, "extended lengths");
        assertTrue(encoder.stats.runMatches > 0, "runs");
        assertTrue(encoder.stats.matches > encoder.stats.runMatches, "matches that are not runs");
    }

    @Test
    void shortLiteralRunsAndShortMatchesDecodeToo() throws Exception {
        LzTestEncoder encoder = new LzTestEncoder(1, 3);
        int[] units = TestImages.units(TestImages.Kind.TILES, 97, 31, 0xFFFFFF, 3);
        byte[] stream = encoder.encode(LzImageType.RGB24, 97, 31, 97 * 3, false, units);
        Pixels.Target target = Pixels.target(97, 31);
        MemorySegment src = Pixels.segment(stream);
        decoder.decode(decoder.parseHeader(src), src, null, target.segment(), target.offset(), target.stride());
        assertArrayEquals(Pixels.expected(LzImageType.RGB24, units, 97, 31, false), target.pixels());
        assertTrue(encoder.stats.matches > 100);
    }

    @Test
    void handAssembledRgb32RunAndRgb16Literals() throws Exception {
        ByteArrayOutputStream rgb32 = header(LzImageType.RGB32, 3, 1, 12, true);
        rgb32.writeBytes(new byte[] {0x00, 0x11, 0x22, 0x33, 0x40, 0x00});
        assertArrayEquals(new int[] {0xFF332211, 0xFF332211, 0xFF332211}, decode(rgb32.toByteArray(), null, 3, 1));

        ByteArrayOutputStream rgb16 = header(LzImageType.RGB16, 3, 1, 6, true);
        rgb16.writeBytes(new byte[] {0x02, 0x7C, 0x00, 0x00, 0x1F, 0x42, 0x10});
        assertArrayEquals(new int[] {0xFFFF0000, 0xFF0000FF, 0xFF848484}, decode(rgb16.toByteArray(), null, 3, 1));
    }

    @Test
    void bottomUpStreamsStartWithTheBottomRow() throws Exception {
        ByteArrayOutputStream out = header(LzImageType.RGB24, 1, 2, 3, false);
        out.writeBytes(new byte[] {0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06});
        assertArrayEquals(new int[] {0xFF060504, 0xFF030201}, decode(out.toByteArray(), null, 1, 2));
    }

    static Stream<Arguments> paletteCases() {
        List<Arguments> cases = new ArrayList<>();
        for (LzImageType type : List.of(LzImageType.PLT1_LE, LzImageType.PLT1_BE, LzImageType.PLT4_LE,
                LzImageType.PLT4_BE, LzImageType.PLT8)) {
            for (int width : new int[] {1, 7, 8, 9, 33, 200}) {
                cases.add(Arguments.of(type, width, 1 + width % 5, width % 2 == 0));
                cases.add(Arguments.of(type, width, 40, width % 2 != 0));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("paletteCases")
    void expandsPaletteImagesThroughThePalette(LzImageType type, int width, int height, boolean topDown)
            throws Exception {
        int ppb = type.pixelsPerByte();
        int bits = 8 / ppb;
        int stride = (width + ppb - 1) / ppb;
        SplittableRandom random = new SplittableRandom(width * 7L + height);
        int[] coded = new int[stride * height];
        for (int i = 0; i < coded.length; i++) {
            coded[i] = random.nextInt(256);
        }
        int[] colors = new int[1 << bits];
        for (int i = 0; i < colors.length; i++) {
            colors[i] = random.nextInt() & 0xFFFFFF;
        }
        Palette palette = Palette.of(9, colors);
        boolean lsbFirst = type == LzImageType.PLT1_LE || type == LzImageType.PLT4_LE;
        int[] expected = new int[width * height];
        for (int row = 0; row < height; row++) {
            int y = topDown ? row : height - 1 - row;
            for (int x = 0; x < width; x++) {
                int b = coded[row * stride + x / ppb];
                int k = x % ppb;
                int shift = lsbFirst ? bits * k : 8 - bits * (k + 1);
                expected[y * width + x] = 0xFF000000 | colors[(b >> shift) & ((1 << bits) - 1)];
            }
        }
        byte[] stream = new LzTestEncoder().encode(type, width, height, stride, topDown, coded);
        assertArrayEquals(expected, decode(stream, palette, width, height));
    }

    @Test
    void fourBitIndicesWrapAroundAShortPalette() throws Exception {
        ByteArrayOutputStream out = header(LzImageType.PLT4_BE, 4, 1, 2, true);
        out.writeBytes(new byte[] {0x01, 0x02, 0x34});
        Palette palette = Palette.of(1, 0x000000, 0x111111, 0x222222);
        assertArrayEquals(new int[] {0xFF000000, 0xFF222222, 0xFF000000, 0xFF111111},
                decode(out.toByteArray(), palette, 4, 1));
    }

    @Test
    void refusesIndicesPastAShortPaletteForOneAndEightBits() throws Exception {
        ByteArrayOutputStream plt8 = header(LzImageType.PLT8, 2, 1, 2, true);
        plt8.writeBytes(new byte[] {0x01, 0x00, 0x05});
        assertThrows(ImageDecodeException.class, () -> decode(plt8.toByteArray(), Palette.of(1, 1, 2, 3), 2, 1));
        assertArrayEquals(new int[] {0xFF000001, 0xFF000006},
                decode(plt8.toByteArray(), Palette.of(1, 1, 2, 3, 4, 5, 6), 2, 1));

        ByteArrayOutputStream plt1 = header(LzImageType.PLT1_BE, 3, 1, 1, true);
        plt1.writeBytes(new byte[] {0x00, 0x1F});
        assertArrayEquals(new int[] {0xFF00AA00, 0xFF00AA00, 0xFF00AA00},
                decode(plt1.toByteArray(), Palette.of(1, 0x00AA00), 3, 1), "set bits past the width are unused");
        ByteArrayOutputStream plt1Set = header(LzImageType.PLT1_BE, 3, 1, 1, true);
        plt1Set.writeBytes(new byte[] {0x00, 0x20});
        assertThrows(ImageDecodeException.class, () -> decode(plt1Set.toByteArray(), Palette.of(1, 0x00AA00), 3, 1));
    }

    @Test
    void paletteImagesNeedAPalette() throws Exception {
        ByteArrayOutputStream out = header(LzImageType.PLT8, 1, 1, 1, true);
        out.writeBytes(new byte[] {0x00, 0x00});
        assertThrows(ImageDecodeException.class, () -> decode(out.toByteArray(), null, 1, 1));
    }

    @ParameterizedTest
    @EnumSource(value = TestImages.Kind.class)
    void decodesAlphaPlanesIntoExistingPixels(TestImages.Kind kind) throws Exception {
        int width = 45;
        int height = 29;
        boolean topDown = kind.ordinal() % 2 == 0;
        int[] alpha = TestImages.units(kind, width, height, 0xFF, 5);
        byte[] stream = new LzTestEncoder().encode(LzImageType.XXXA, width, height, width * 4, topDown, alpha);
        Pixels.Target target = Pixels.target(width, height);
        int[] colors = TestImages.units(TestImages.Kind.NOISE, width, height, 0xFFFFFF, 6);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                target.segment().set(Argb32Rows.PIXEL, target.offset() + (long) y * target.stride() + 4L * x,
                        colors[y * width + x]);
            }
        }
        MemorySegment src = Pixels.segment(stream);
        LzHeader header = decoder.parseHeader(src);
        assertEquals(LzImageType.XXXA, header.type());
        decoder.decodeAlpha(header, src, target.segment(), target.offset(), target.stride());
        for (int row = 0; row < height; row++) {
            int y = topDown ? row : height - 1 - row;
            for (int x = 0; x < width; x++) {
                assertEquals(alpha[row * width + x] << 24 | colors[y * width + x], target.pixel(x, y));
            }
        }
        assertTrue(target.marginsUntouched());
    }

    @Test
    void alphaPlanesAndImagesAreNotInterchangeable() throws Exception {
        byte[] alpha = new LzTestEncoder().encode(LzImageType.XXXA, 2, 2, 8, true, new int[] {1, 2, 3, 4});
        assertThrows(ImageDecodeException.class, () -> decode(alpha, null, 2, 2));
        byte[] rgb = new LzTestEncoder().encode(LzImageType.RGB32, 2, 2, 8, true, new int[] {1, 2, 3, 4});
        MemorySegment src = Pixels.segment(rgb);
        Pixels.Target target = Pixels.target(2, 2);
        assertThrows(ImageDecodeException.class, () -> decoder.decodeAlpha(decoder.parseHeader(src), src,
                target.segment(), target.offset(), target.stride()));
    }

    @Test
    void rejectsBadHeaders() {
        assertHeaderRejected(LzDecoder.MAGIC + 1, LzDecoder.VERSION, 8, 4, 4, 16);
        assertHeaderRejected(LzDecoder.MAGIC, 0x00010000, 8, 4, 4, 16);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 0, 4, 4, 16);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 12, 4, 4, 16);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 8, 4, 4, 15);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 8, 0, 4, 0);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 8, 4, 0, 16);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 1, 9, 1, 1);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 1, 9, 1, 3);
        assertHeaderRejected(LzDecoder.MAGIC, LzDecoder.VERSION, 8, 0x80000001L, 1, 4);
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(MemorySegment.ofArray(new byte[27])));
    }

    @Test
    void rejectsImagesBeyondTheLimits() throws Exception {
        LzDecoder small = new LzDecoder(new ImageLimits(100, 50, 1000));
        byte[] ok = new LzTestEncoder().encode(LzImageType.RGB32, 40, 25, 160, true, new int[1000]);
        small.parseHeader(Pixels.segment(ok));
        for (int[] size : new int[][] {{101, 1}, {1, 51}, {41, 25}}) {
            byte[] big = header(LzImageType.RGB32, size[0], size[1], size[0] * 4, true).toByteArray();
            assertThrows(ImageDecodeException.class, () -> small.parseHeader(Pixels.segment(big)));
        }
    }

    @Test
    void rejectsBackReferencesBeforeTheStart() throws Exception {
        ByteArrayOutputStream run = header(LzImageType.RGB32, 4, 1, 16, true);
        run.writeBytes(new byte[] {0x40, 0x00, 0x00, 0, 0, 0});
        assertThrows(ImageDecodeException.class, () -> decode(run.toByteArray(), null, 4, 1));

        ByteArrayOutputStream near = header(LzImageType.RGB32, 4, 1, 16, true);
        near.writeBytes(new byte[] {0x00, 1, 2, 3, 0x20, 0x01, 0x00, 0, 0, 0});
        assertThrows(ImageDecodeException.class, () -> decode(near.toByteArray(), null, 4, 1));

        ByteArrayOutputStream far = header(LzImageType.PLT8, 8, 1, 8, true);
        far.writeBytes(new byte[] {0x02, 1, 2, 3, 0x3F, (byte) 0xFF, 0x00, 0x00, 0x00, 0x00});
        assertThrows(ImageDecodeException.class, () -> decode(far.toByteArray(), Palette.of(1, new int[256]), 8, 1));
    }

    @Test
    void rejectsRunsPastTheEnd() throws Exception {
        ByteArrayOutputStream literals = header(LzImageType.RGB32, 1, 1, 4, true);
        literals.writeBytes(new byte[] {0x01, 1, 2, 3, 4, 5, 6});
        assertThrows(ImageDecodeException.class, () -> decode(literals.toByteArray(), null, 1, 1));

        ByteArrayOutputStream match = header(LzImageType.RGB32, 3, 1, 12, true);
        match.writeBytes(new byte[] {0x00, 1, 2, 3, 0x60, 0x00});
        assertThrows(ImageDecodeException.class, () -> decode(match.toByteArray(), null, 3, 1));

        ByteArrayOutputStream longMatch = header(LzImageType.RGB32, 3, 1, 12, true);
        longMatch.writeBytes(new byte[] {0x00, 1, 2, 3, (byte) 0xE0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertThrows(ImageDecodeException.class, () -> decode(longMatch.toByteArray(), null, 3, 1));
    }

    @Test
    void rejectsBytesAfterTheImage() throws Exception {
        byte[] stream = new LzTestEncoder().encode(LzImageType.RGB32, 2, 2, 8, true, new int[] {1, 2, 3, 4});
        byte[] longer = Arrays.copyOf(stream, stream.length + 1);
        assertThrows(ImageDecodeException.class, () -> decode(longer, null, 2, 2));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyPrefixOfAValidStreamIsRejected() throws Exception {
        for (LzImageType type : List.of(LzImageType.RGB16, LzImageType.RGB32, LzImageType.RGBA, LzImageType.PLT4_LE,
                LzImageType.A8)) {
            int width = 37;
            int height = 23;
            int stride = type.isPalette() ? (width + type.pixelsPerByte() - 1) / type.pixelsPerByte()
                    : width * type.bytesPerPixel();
            int unitCount = type.isPalette() ? stride * height : width * height;
            int[] units = TestImages.units(TestImages.Kind.TILES, unitCount, 1, type.isPalette() ? 0xFF : unitMask(type), 2);
            byte[] stream = new LzTestEncoder().encode(type, width, height, stride, true, units);
            Palette palette = Palette.of(3, new int[16]);
            decode(stream, palette, width, height);
            for (int length = 0; length < stream.length; length++) {
                byte[] prefix = Arrays.copyOf(stream, length);
                assertThrows(ImageDecodeException.class, () -> decode(prefix, palette, width, height),
                        type + " prefix of " + length);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void corruptedStreamsDecodeOrFailCleanly() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        Palette palette = Palette.of(3, new int[256]);
        int rejected = 0;
        for (int round = 0; round < 3000; round++) {
            LzImageType type = LzImageType.values()[random.nextInt(LzImageType.values().length)];
            if (type == LzImageType.XXXA) {
                continue;
            }
            int width = 1 + random.nextInt(40);
            int height = 1 + random.nextInt(20);
            int stride = type.isPalette() ? (width + type.pixelsPerByte() - 1) / type.pixelsPerByte()
                    : width * type.bytesPerPixel();
            int unitCount = type.isPalette() ? stride * height : width * height;
            int[] units = TestImages.units(TestImages.Kind.values()[round % 5], unitCount, 1,
                    type.isPalette() || type == LzImageType.A8 ? 0xFF : unitMask(type), round);
            byte[] stream = new LzTestEncoder().encode(type, width, height, stride, random.nextBoolean(), units);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                int at = LzDecoder.HEADER_BYTES + random.nextInt(stream.length - LzDecoder.HEADER_BYTES);
                stream[at] = (byte) random.nextInt(256);
            }
            try {
                decode(stream, palette, width, height);
            } catch (ImageDecodeException expected) {
                rejected++;
            }
        }
        assertTrue(rejected > 100, "most corruptions are caught: " + rejected);
    }

    @Test
    void refusesDestinationsTooSmall() throws Exception {
        byte[] stream = new LzTestEncoder().encode(LzImageType.RGB32, 2, 2, 8, true, new int[] {1, 2, 3, 4});
        MemorySegment src = Pixels.segment(stream);
        LzHeader header = decoder.parseHeader(src);
        MemorySegment dst = MemorySegment.ofArray(new byte[15]);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(header, src, null, dst, 0, 8));
        MemorySegment enough = MemorySegment.ofArray(new byte[16]);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(header, src, null, enough, 0, 7));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(header, src, null, enough.asReadOnly(), 0, 8));
        decoder.decode(header, src, null, enough, 0, 8);
    }

    private int[] decode(byte[] stream, Palette palette, int width, int height) throws ImageDecodeException {
        MemorySegment src = Pixels.segment(stream);
        LzHeader header = decoder.parseHeader(src);
        assertEquals(width, header.width());
        assertEquals(height, header.height());
        Pixels.Target target = Pixels.target(width, height);
        decoder.decode(header, src, palette, target.segment(), target.offset(), target.stride());
        return target.pixels();
    }

    private void assertHeaderRejected(long magic, long version, long type, long width, long height, long stride) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v : new long[] {magic, version, type, width, height, stride, 1}) {
            LzTestEncoder.writeU32(out, v);
        }
        out.writeBytes(new byte[64]);
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(out.toByteArray())));
    }

    private static ByteArrayOutputStream header(LzImageType type, int width, int height, int stride, boolean topDown) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v : new long[] {LzDecoder.MAGIC, LzDecoder.VERSION, type.wireValue(), width, height, stride,
                topDown ? 1 : 0}) {
            LzTestEncoder.writeU32(out, v);
        }
        return out;
    }
}
