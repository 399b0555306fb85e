package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GlzDecoderTest {
    private static final List<LzImageType> TYPES =
            List.of(LzImageType.RGB16, LzImageType.RGB24, LzImageType.RGB32, LzImageType.RGBA);

    private final GlzWindow window = new GlzWindow(1 << 22);
    private final GlzDecoder decoder = new GlzDecoder(window, ImageLimits.DEFAULT, Duration.ofSeconds(10));

    @AfterEach
    void closeDecoder() {
        decoder.close();
    }

    static Stream<Arguments> sequenceCases() {
        List<Arguments> cases = new ArrayList<>();
        for (LzImageType type : TYPES) {
            cases.add(Arguments.of(type, false));
            cases.add(Arguments.of(type, true));
        }
        return cases.stream();
    }

    /**
     * Images that share content with earlier ones, with ids far enough apart to need every size of image
     * distance, and one large enough for pixel offsets past 2^17.
     */
    @ParameterizedTest
    @MethodSource("sequenceCases")
    void decodesImageSequencesThatReferenceEarlierImages(LzImageType type, boolean preferLongOffsets)
            throws Exception {
        GlzTestEncoder encoder = new GlzTestEncoder(preferLongOffsets);
        int mask = LzDecoderTest.unitMask(type);
        long[] ids = {0, 1, 2, 70, 20_000, 5_000_000};
        int[][] sizes = {{400, 400}, {123, 57}, {1, 1}, {77, 41}, {400, 330}, {17, 300}};
        int[] big = TestImages.units(TestImages.Kind.NOISE, 400, 400, mask, 1);
        for (int i = 0; i < ids.length; i++) {
            int width = sizes[i][0];
            int height = sizes[i][1];
            int[] units = TestImages.units(TestImages.Kind.values()[i % 5], width, height, mask, 100 + i);
            if (i > 0) {
                int from = big.length - width * height;
                for (int k = 0; k < units.length; k += 2 * width + 1) {
                    int len = Math.min(width + 1, units.length - k);
                    System.arraycopy(big, from + k, units, k, len);
                }
            }
            boolean topDown = i % 2 == 1;
            byte[] stream = encoder.encode(type, width, height, topDown, units, ids[i], ids[i]);
            assertArrayEquals(Pixels.expected(type, units, width, height, topDown),
                    decode(stream, width, height), "image " + ids[i]);
        }
        assertTrue(encoder.stats.crossImageMatches > 0, "cross-image matches");
        assertTrue(encoder.stats.longOffsets > 0, "long pixel offsets");
        assertTrue(encoder.stats.veryLongOffsets > 0, "very long pixel offsets");
        for (int bytes = 0; bytes < 4; bytes++) {
            assertTrue(encoder.stats.imageDistanceBytes[bytes] > 0, "image distances of " + bytes + " extra bytes");
        }
        assertTrue(encoder.stats.extendedLengths > 0, "extended lengths");
    }

    @Test
    void rgbaAlphaPassCopiesThePadByteOfOpaqueImagesAsTheReferenceDoes() throws Exception {
        ByteArrayOutputStream opaque = header(LzImageType.RGB32, 5, 1, true, 0, 0);
        opaque.writeBytes(new byte[] {0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        assertArrayEquals(new int[] {0xFF030201, 0xFF060504, 0xFF090807, 0xFF0C0B0A, 0xFF0F0E0D},
                decode(opaque.toByteArray(), 5, 1));

        ByteArrayOutputStream rgba = header(LzImageType.RGBA, 5, 1, true, 1, 1);
        rgba.writeBytes(new byte[] {0x04, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5});
        rgba.writeBytes(new byte[] {0x01, 0x7F, (byte) 0x80, 0x22, 0x00, 0x01});
        assertArrayEquals(new int[] {0x7F010101, 0x80020202, 0x00030303, 0x00040404, 0x00050505},
                decode(rgba.toByteArray(), 5, 1), "alpha copied from the opaque image's zero pad");

        ByteArrayOutputStream copy = header(LzImageType.RGB32, 5, 1, true, 2, 2);
        copy.writeBytes(new byte[] {(byte) 0xA0, 0x00, 0x01});
        assertArrayEquals(new int[] {0xFF010101, 0xFF020202, 0xFF030303, 0xFF040404, 0xFF050505},
                decode(copy.toByteArray(), 5, 1), "opaque output whatever the copied pad");

        ByteArrayOutputStream alphaFromCopy = header(LzImageType.RGBA, 3, 1, true, 3, 3);
        alphaFromCopy.writeBytes(new byte[] {0x02, 9, 9, 9, 8, 8, 8, 7, 7, 7});
        alphaFromCopy.writeBytes(new byte[] {0x20, 0x00, 0x01});
        assertArrayEquals(new int[] {0x7F090909, 0x80080808, 0x00070707}, decode(alphaFromCopy.toByteArray(), 3, 1),
                "the RGB32 image kept the RGBA image's alpha as its pad");
    }

    @Test
    void anImageWaitsForAReferencedImageFromAnotherChannel() throws Exception {
        GlzTestEncoder encoder = new GlzTestEncoder(false);
        int[] first = TestImages.units(TestImages.Kind.NOISE, 64, 64, 0xFFFFFF, 4);
        int[] second = first.clone();
        second[100] ^= 0x123456;
        byte[] firstStream = encoder.encode(LzImageType.RGB32, 64, 64, true, first, 0, 0);
        byte[] secondStream = encoder.encode(LzImageType.RGB32, 64, 64, true, second, 1, 1);
        assertTrue(encoder.stats.crossImageMatches > 0);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             GlzDecoder other = new GlzDecoder(window, ImageLimits.DEFAULT, Duration.ofSeconds(20))) {
            Future<int[]> waiting = threads.submit(() -> decode(secondStream, 64, 64));
            Thread.sleep(200);
            assertFalse(waiting.isDone(), "waits for image 0");
            Pixels.Target target = Pixels.target(64, 64);
            MemorySegment src = Pixels.segment(firstStream);
            other.decode(other.parseHeader(src), src, target.segment(), target.offset(), target.stride());
            assertArrayEquals(Pixels.expected(LzImageType.RGB32, second, 64, 64, true), waiting.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aReferenceThatNeverArrivesTimesOut() throws Exception {
        GlzDecoder impatient = new GlzDecoder(window, ImageLimits.DEFAULT, Duration.ofMillis(50));
        ByteArrayOutputStream stream = header(LzImageType.RGB32, 2, 1, true, 5, 5);
        stream.writeBytes(new byte[] {0x40, 0x00, 0x01});
        long start = System.nanoTime();
        MemorySegment src = Pixels.segment(stream.toByteArray());
        Pixels.Target target = Pixels.target(2, 1);
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> impatient.decode(impatient.parseHeader(src), src, target.segment(), target.offset(), target.stride()));
        assertTrue(e.getMessage().contains("did not arrive"), e.getMessage());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        assertFalse(window.contains(5), "a failed image is not stored");
        impatient.close();
    }

    /**
     * Same-size images, each copying from the one before, decode into the arrays of freed ones: the spare
     * count stays at one image, and every picture is right although its array held an older one.
     */
    @Test
    void decodesIntoTheArraysOfFreedImages() throws Exception {
        GlzTestEncoder encoder = new GlzTestEncoder(false);
        int[] previous = TestImages.units(TestImages.Kind.NOISE, 16, 16, 0xFFFFFF, 0);
        for (long id = 0; id < 8; id++) {
            int[] units = TestImages.units(TestImages.Kind.values()[(int) id % 5], 16, 16, 0xFFFFFF, 50 + id);
            System.arraycopy(previous, 0, units, 64, 128);
            byte[] stream = encoder.encode(LzImageType.RGB24, 16, 16, true, units, id, Math.min(id, 1));
            assertArrayEquals(Pixels.expected(LzImageType.RGB24, units, 16, 16, true), decode(stream, 16, 16),
                    "image " + id);
            assertEquals(id < 2 ? 0 : 256, window.sparePixels(), "spare pixels after image " + id);
            previous = units;
        }
        assertTrue(encoder.stats.crossImageMatches > 0, "cross-image matches");
    }

    @Test
    void imagesTheServerNoLongerReferencesAreFreed() throws Exception {
        GlzTestEncoder encoder = new GlzTestEncoder(false);
        for (long id = 0; id < 6; id++) {
            int[] units = TestImages.units(TestImages.Kind.NOISE, 16, 16, 0xFFFFFF, id);
            decode(encoder.encode(LzImageType.RGB24, 16, 16, true, units, id, Math.min(id, 2)), 16, 16);
        }
        assertFalse(window.contains(2));
        assertTrue(window.contains(3));
        assertTrue(window.contains(5));
        assertEquals(3 * 256, window.storedPixels());

        ByteArrayOutputStream stale = header(LzImageType.RGB32, 2, 1, true, 6, 6);
        stale.writeBytes(new byte[] {0x40, 0x00, 0x04});
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decode(stale.toByteArray(), 2, 1));
        assertTrue(e.getMessage().contains("no longer"), e.getMessage());
    }

    @Test
    void rejectsReferencesOutsideTheReferencedImage() throws Exception {
        ByteArrayOutputStream first = header(LzImageType.RGB32, 4, 1, true, 0, 0);
        first.writeBytes(new byte[] {0x03, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        decode(first.toByteArray(), 4, 1);

        ByteArrayOutputStream inside = header(LzImageType.RGB32, 2, 1, true, 1, 1);
        inside.writeBytes(new byte[] {0x42, 0x00, 0x01});
        assertArrayEquals(new int[] {0xFF090807, 0xFF0C0B0A}, decode(inside.toByteArray(), 2, 1));

        ByteArrayOutputStream pastEnd = header(LzImageType.RGB32, 2, 1, true, 2, 2);
        pastEnd.writeBytes(new byte[] {0x43, 0x00, 0x02});
        assertThrows(ImageDecodeException.class, () -> decode(pastEnd.toByteArray(), 2, 1));

        ByteArrayOutputStream beforeFirstId = header(LzImageType.RGB32, 2, 1, true, 3, 3);
        beforeFirstId.writeBytes(new byte[] {0x40, 0x00, 0x04});
        assertThrows(ImageDecodeException.class, () -> decode(beforeFirstId.toByteArray(), 2, 1));

        ByteArrayOutputStream beforeStart = header(LzImageType.RGB32, 2, 1, true, 4, 4);
        beforeStart.writeBytes(new byte[] {0x40, 0x00, 0x00});
        assertThrows(ImageDecodeException.class, () -> decode(beforeStart.toByteArray(), 2, 1));
    }

    @Test
    void rejectsBadHeaders() {
        for (int type : new int[] {0, 1, 5, 10, 11, 12, 15}) {
            byte[] stream = headerBytes(type, 4, 4, 3, 3);
            assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(stream)), "type " + type);
        }
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(headerBytes(8, 4, 4, 3, 4))),
                "window head beyond image 0");
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(headerBytes(8, 0, 4, 3, 0))));
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(headerBytes(8, 4, 4, -1, 0))));
        GlzDecoder tiny = new GlzDecoder(new GlzWindow(15), ImageLimits.DEFAULT, Duration.ZERO);
        assertThrows(ImageDecodeException.class, () -> tiny.parseHeader(Pixels.segment(headerBytes(8, 4, 4, 3, 0))),
                "larger than the window");
        tiny.close();
        byte[] badMagic = headerBytes(8, 4, 4, 3, 0);
        badMagic[0] = 0;
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(badMagic)));
        byte[] badVersion = headerBytes(8, 4, 4, 3, 0);
        badVersion[7] = 2;
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(badVersion)));
        assertThrows(ImageDecodeException.class, () -> decoder.parseHeader(Pixels.segment(new byte[32])));
    }

    @Test
    void everyPrefixOfAValidStreamIsRejected() throws Exception {
        GlzTestEncoder encoder = new GlzTestEncoder(true);
        for (LzImageType type : TYPES) {
            window.clear();
            int[] base = TestImages.units(TestImages.Kind.TILES, 40, 30, LzDecoderTest.unitMask(type), 9);
            decode(encoder.encode(type, 40, 30, true, base, 0, 0), 40, 30);
            int[] next = base.clone();
            Arrays.fill(next, 200, 260, 77);
            byte[] stream = encoder.encode(type, 40, 30, false, next, 1, 1);
            for (int length = 0; length < stream.length; length++) {
                byte[] prefix = Arrays.copyOf(stream, length);
                assertThrows(ImageDecodeException.class, () -> decode(prefix, 40, 30), type + " prefix " + length);
            }
            assertFalse(window.contains(1));
            decode(stream, 40, 30);
        }
    }

    @Test
    void corruptedStreamsDecodeOrFailCleanly() throws Exception {
        GlzDecoder impatient = new GlzDecoder(window, ImageLimits.DEFAULT, Duration.ofMillis(1));
        GlzTestEncoder encoder = new GlzTestEncoder(true);
        SplittableRandom random = new SplittableRandom(5);
        int rejected = 0;
        for (int round = 0; round < 2000; round++) {
            LzImageType type = TYPES.get(round % TYPES.size());
            int width = 1 + random.nextInt(40);
            int height = 1 + random.nextInt(20);
            int[] units = TestImages.units(TestImages.Kind.values()[round % 5], width, height,
                    LzDecoderTest.unitMask(type), round / 8);
            byte[] stream = encoder.encode(type, width, height, random.nextBoolean(), units, round, Math.min(round, 8));
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int at = GlzDecoder.HEADER_BYTES + random.nextInt(Math.max(1, stream.length - GlzDecoder.HEADER_BYTES));
                if (at < stream.length) {
                    stream[at] = (byte) random.nextInt(256);
                }
            }
            MemorySegment src = Pixels.segment(stream);
            Pixels.Target target = Pixels.target(width, height);
            try {
                impatient.decode(impatient.parseHeader(src), src, target.segment(), target.offset(), target.stride());
            } catch (ImageDecodeException expected) {
                rejected++;
            }
        }
        impatient.close();
        assertTrue(rejected > 100, "most corruptions are caught: " + rejected);
    }

    @Test
    void inflatesZlibGlzPayloads() throws Exception {
        GlzTestEncoder encoder = new GlzTestEncoder(false);
        int[] units = TestImages.units(TestImages.Kind.GRADIENT, 90, 70, 0xFFFFFFFF, 1);
        byte[] glz = encoder.encode(LzImageType.RGBA, 90, 70, false, units, 0, 0);
        byte[] zlib = deflate(glz);

        for (MemorySegment payload : List.of(Pixels.segment(zlib), Pixels.nativeSegment(zlib))) {
            window.clear();
            MemorySegment stream = decoder.inflate(payload, glz.length);
            assertEquals(glz.length, stream.byteSize());
            GlzHeader header = decoder.parseHeader(stream);
            Pixels.Target target = Pixels.target(90, 70);
            decoder.decode(header, stream, target.segment(), target.offset(), target.stride());
            assertArrayEquals(Pixels.expected(LzImageType.RGBA, units, 90, 70, false), target.pixels());
        }
        assertEquals(glz.length, decoder.inflate(Pixels.segment(zlib), glz.length + 100).byteSize(),
                "a generous declared size is fine, as in spice-gtk");
    }

    @Test
    void rejectsBadZlibGlzPayloads() throws Exception {
        int[] units = TestImages.units(TestImages.Kind.NOISE, 30, 20, 0xFFFFFF, 1);
        byte[] glz = new GlzTestEncoder(false).encode(LzImageType.RGB32, 30, 20, true, units, 0, 0);
        byte[] zlib = deflate(glz);
        assertThrows(ImageDecodeException.class, () -> decoder.inflate(Pixels.segment(zlib), glz.length - 1),
                "inflates to more than declared");
        assertThrows(ImageDecodeException.class, () -> decoder.inflate(Pixels.segment(zlib), 33 + 11L * 600 + 1),
                "declares more than the image can need");
        assertThrows(ImageDecodeException.class, () -> decoder.inflate(Pixels.segment(zlib), 32));
        for (int length = 0; length < zlib.length; length += 7) {
            byte[] prefix = Arrays.copyOf(zlib, length);
            assertThrows(ImageDecodeException.class, () -> decoder.inflate(Pixels.segment(prefix), glz.length),
                    "prefix " + length);
        }
        byte[] garbage = zlib.clone();
        garbage[0] = 0x12;
        assertThrows(ImageDecodeException.class, () -> decoder.inflate(Pixels.segment(garbage), glz.length));
        byte[] notGlz = deflate(new byte[100]);
        assertThrows(ImageDecodeException.class, () -> decoder.inflate(Pixels.segment(notGlz), 100));
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length * 2 + 64];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }

    private int[] decode(byte[] stream, int width, int height) throws ImageDecodeException, InterruptedException {
        MemorySegment src = Pixels.segment(stream);
        GlzHeader header = decoder.parseHeader(src);
        assertEquals(width, header.width());
        assertEquals(height, header.height());
        Pixels.Target target = Pixels.target(width, height);
        decoder.decode(header, src, target.segment(), target.offset(), target.stride());
        assertTrue(target.marginsUntouched());
        return target.pixels();
    }

    private static ByteArrayOutputStream header(LzImageType type, int width, int height, boolean topDown, long id,
                                                long winHeadDist) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(headerBytes(type.wireValue() | (topDown ? 0x10 : 0), width, height, id, winHeadDist));
        return out;
    }

    private static byte[] headerBytes(int typeByte, int width, int height, long id, long winHeadDist) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LzTestEncoder.writeU32(out, LzDecoder.MAGIC);
        LzTestEncoder.writeU32(out, LzDecoder.VERSION);
        out.write(typeByte);
        LzTestEncoder.writeU32(out, width);
        LzTestEncoder.writeU32(out, height);
        LzTestEncoder.writeU32(out, width * 4L);
        LzTestEncoder.writeU32(out, id >>> 32);
        LzTestEncoder.writeU32(out, id);
        LzTestEncoder.writeU32(out, winHeadDist);
        return out.toByteArray();
    }
}
