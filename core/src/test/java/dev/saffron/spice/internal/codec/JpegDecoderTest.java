package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.awt.image.BufferedImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JpegDecoderTest {
    private final JpegDecoder decoder = new JpegDecoder(1 << 24);

    private int[] decode(byte[] jpeg) throws ImageDecodeException {
        JpegHeader header = decoder.readHeader(MemorySegment.ofArray(jpeg));
        PixelBuffer dst = PixelBuffer.allocateHeap(header.width(), header.height(), false);
        decoder.decode(MemorySegment.ofArray(jpeg), dst);
        return pixels(dst);
    }

    private static int[] pixels(PixelBuffer buffer) {
        int[] result = new int[buffer.width() * buffer.height()];
        for (int y = 0; y < buffer.height(); y++) {
            for (int x = 0; x < buffer.width(); x++) {
                result[y * buffer.width() + x] = buffer.get(x, y);
            }
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 250})
    void aColourJpegDecodesExactlyAsImageIoDecodesIt(int size) throws Exception {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(size, size * 2 / 3 + 1, size), 0.85f, false);
        JpegHeader header = decoder.readHeader(MemorySegment.ofArray(jpeg));
        assertEquals(new JpegHeader(size, size * 2 / 3 + 1, JpegColorSpace.YCBCR), header);
        assertArrayEquals(JpegFixtures.imageIoRgb(jpeg), decode(jpeg));
    }

    @Test
    void screenContentAtLowQualityDecodesExactlyAsImageIoDecodesIt() throws Exception {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.screen(301, 157), 0.3f, false);
        int[] got = decode(jpeg);
        assertArrayEquals(JpegFixtures.imageIoRgb(jpeg), got);
        assertTrue(Arrays.stream(got).allMatch(p -> p >>> 24 == 0), "the top byte stays 0");
    }

    @Test
    void aGreyJpegDecodesToGreyPixels() throws Exception {
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(JpegFixtures.photo(40, 30, 3), 0, 0, null);
        byte[] jpeg = JpegFixtures.encode(grey, 0.9f, false);
        assertEquals(JpegColorSpace.GRAY, decoder.readHeader(MemorySegment.ofArray(jpeg)).colorSpace());
        int[] got = decode(jpeg);
        int[] raw = JpegFixtures.rawSamples(jpeg);
        for (int i = 0; i < got.length; i++) {
            int v = raw[i] >>> 16;
            assertEquals(v << 16 | v << 8 | v, got[i], "pixel " + i);
        }
    }

    @Test
    void withoutJfifRgbComponentIdsMeanTheSamplesAreRgb() throws Exception {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(48, 32, 4), 0.9f, false);
        byte[] noJfif = JpegFixtures.removeSegment(jpeg, JpegFixtures.findSegment(jpeg, 0xE0));
        byte[] rgbIds = JpegFixtures.withComponentIds(noJfif, 'R', 'G', 'B');
        assertEquals(JpegColorSpace.RGB, decoder.readHeader(MemorySegment.ofArray(rgbIds)).colorSpace());
        assertArrayEquals(JpegFixtures.rawSamples(rgbIds), decode(rgbIds));
        // The same ids under a JFIF marker are YCbCr, as JFIF says.
        byte[] jfifRgbIds = JpegFixtures.withComponentIds(jpeg, 'R', 'G', 'B');
        assertEquals(JpegColorSpace.YCBCR, decoder.readHeader(MemorySegment.ofArray(jfifRgbIds)).colorSpace());
        assertArrayEquals(JpegFixtures.imageIoRgb(jpeg), decode(jfifRgbIds));
    }

    @Test
    void anAdobeMarkerDecidesTheColourSpaceWithoutJfif() throws Exception {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(48, 32, 5), 0.9f, false);
        byte[] noJfif = JpegFixtures.removeSegment(jpeg, JpegFixtures.findSegment(jpeg, 0xE0));
        byte[] adobeRgb = JpegFixtures.insertAfterStart(noJfif, JpegFixtures.adobeSegment(0));
        byte[] adobeYcc = JpegFixtures.insertAfterStart(noJfif, JpegFixtures.adobeSegment(1));
        assertArrayEquals(JpegFixtures.rawSamples(adobeRgb), decode(adobeRgb));
        assertArrayEquals(JpegFixtures.imageIoRgb(jpeg), decode(adobeYcc));
        int[] rgb = decode(adobeRgb);
        int[] ycc = decode(adobeYcc);
        assertFalse(Arrays.equals(rgb, ycc), "the marker must change the result");
    }

    @Test
    void decodingIntoAViewOfOffHeapMemoryWritesOnlyTheView() throws Exception {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(20, 10, 6), 0.8f, false);
        int[] expected = JpegFixtures.imageIoRgb(jpeg);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(4L * 32 * 12);
            memory.fill((byte) 0x5A);
            PixelBuffer view = new PixelBuffer(memory, 4L * (32 + 2), 20, 10, 32 * 4, false);
            decoder.decode(MemorySegment.ofArray(jpeg), view);
            assertArrayEquals(expected, pixels(view));
            PixelBuffer whole = new PixelBuffer(memory, 0, 32, 12, 32 * 4, false);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean inside = x >= 2 && x < 22 && y >= 1 && y < 11;
                    if (!inside) {
                        assertEquals(0x5A5A5A5A, whole.get(x, y), "outside pixel " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void oneDecoderDecodesManyImagesInTurn() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(30 + i * 7, 20 + i, i), 0.5f + i * 0.1f, false);
            assertArrayEquals(JpegFixtures.imageIoRgb(jpeg), decode(jpeg), "image " + i);
        }
    }

    @Test
    void aJpegOfAnotherSizeThanTheDestinationIsRefused() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(20, 10, 7), 0.8f, false);
        assertThrows(ImageDecodeException.class,
                () -> decoder.decode(MemorySegment.ofArray(jpeg), PixelBuffer.allocateHeap(20, 11, false)));
        assertThrows(ImageDecodeException.class,
                () -> decoder.decode(MemorySegment.ofArray(jpeg), PixelBuffer.allocateHeap(21, 10, false)));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void everyTruncationIsRefused() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(64, 48, 8), 0.85f, false);
        PixelBuffer dst = PixelBuffer.allocateHeap(64, 48, false);
        int scan = JpegFixtures.findSegment(jpeg, 0xDA);
        int[] cuts = {0, 1, 2, 3, 20, scan, scan + 5, scan + 14, (scan + jpeg.length) / 2, jpeg.length - 10,
            jpeg.length - 3};
        for (int cut : cuts) {
            MemorySegment truncated = MemorySegment.ofArray(Arrays.copyOf(jpeg, cut));
            assertThrows(ImageDecodeException.class, () -> decoder.decode(truncated, dst), "cut at " + cut);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void garbageIsRefused() throws Exception {
        Random random = new Random(9);
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(64, 48, 9), 0.85f, false);
        int entropyStart = JpegFixtures.findSegment(jpeg, 0xDA) + 14;
        PixelBuffer dst = PixelBuffer.allocateHeap(64, 48, false);
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(2000)];
            random.nextBytes(noise);
            assertThrows(ImageDecodeException.class, () -> decoder.decode(MemorySegment.ofArray(noise), dst));
            byte[] damaged = jpeg.clone();
            for (int j = entropyStart; j < damaged.length - 2; j++) {
                damaged[j] = (byte) random.nextInt(256);
            }
            assertThrows(ImageDecodeException.class, () -> decoder.decode(MemorySegment.ofArray(damaged), dst),
                    "random entropy data " + i);
        }
        // The decoder is still usable afterwards.
        assertArrayEquals(JpegFixtures.imageIoRgb(jpeg), decode(jpeg));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void anImageOverThePixelLimitIsRefusedFromItsHeader() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(20, 10, 10), 0.8f, false);
        JpegDecoder small = new JpegDecoder(199);
        assertThrows(ImageDecodeException.class, () -> small.readHeader(MemorySegment.ofArray(jpeg)));
        // A frame header claiming 65535x65535 is refused before any decoding.
        byte[] huge = jpeg.clone();
        int frame = JpegFixtures.findSegment(huge, 0xC0);
        Arrays.fill(huge, frame + 5, frame + 9, (byte) 0xFF);
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> decoder.readHeader(MemorySegment.ofArray(huge)));
        assertTrue(e.getMessage().contains("65535x65535"), e.getMessage());
    }

    @Test
    void aProgressiveJpegIsRefused() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(20, 10, 11), 0.8f, true);
        assertThrows(ImageDecodeException.class, () -> decoder.readHeader(MemorySegment.ofArray(jpeg)));
    }

    @Test
    void unsupportedFramesAreRefused() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(20, 10, 12), 0.8f, false);
        int frame = JpegFixtures.findSegment(jpeg, 0xC0);
        byte[] twelveBit = jpeg.clone();
        twelveBit[frame + 4] = 12;
        byte[] noHeight = jpeg.clone();
        noHeight[frame + 5] = 0;
        noHeight[frame + 6] = 0;
        byte[] arithmetic = jpeg.clone();
        arithmetic[frame + 1] = (byte) 0xC9;
        byte[] badSampling = jpeg.clone();
        badSampling[frame + 11] = 0x51;
        for (byte[] bad : new byte[][] {twelveBit, noHeight, arithmetic, badSampling}) {
            assertThrows(ImageDecodeException.class, () -> decoder.readHeader(MemorySegment.ofArray(bad)));
        }
    }

    @Test
    void aSegmentLengthPastTheEndIsRefused() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(20, 10, 13), 0.8f, false);
        byte[] bad = Arrays.copyOf(jpeg, JpegFixtures.findSegment(jpeg, 0xC0) + 6);
        assertThrows(ImageDecodeException.class, () -> decoder.readHeader(MemorySegment.ofArray(bad)));
    }

    @Test
    void badArgumentsAreCallerErrors() {
        assertThrows(IllegalArgumentException.class, () -> new JpegDecoder(0));
        assertThrows(IllegalArgumentException.class, () -> new JpegDecoder(JpegDecoder.MAX_PIXEL_LIMIT + 1));
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(4, 4, 14), 0.8f, false);
        PixelBuffer buffer = PixelBuffer.allocateHeap(4, 4, false);
        PixelBuffer readOnly = new PixelBuffer(buffer.segment().asReadOnly(), 0, 4, 4, 16, false);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(MemorySegment.ofArray(jpeg), readOnly));
    }
}
