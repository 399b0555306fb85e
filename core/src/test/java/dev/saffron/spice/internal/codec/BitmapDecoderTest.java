package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BitmapDecoderTest {
    private static final int SENTINEL = 0x5A5A5A5A;
    /** Entries with distinct top bytes so tests see them pass through. */
    private static final Palette PALETTE =
            new Palette(7, new int[] {0x00102030, 0x11405060, 0x22708090, 0x33A0B0C0, 0x44D0E0F0});

    private final BitmapDecoder decoder = new BitmapDecoder(1 << 20);

    private static int[] decode(BitmapDecoder decoder, BitmapFormat format, boolean topDown, int width, int height,
                                int stride, Palette palette, boolean highBits, int... bytes)
            throws ImageDecodeException {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        BitmapHeader header = new BitmapHeader(format, topDown ? BitmapHeader.TOP_DOWN : 0, width, height, stride);
        PixelBuffer dst = PixelBuffer.allocateHeap(width, height, format.hasAlpha());
        decoder.decode(header, palette, MemorySegment.ofArray(data), highBits, dst);
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

    @Test
    void oneBitBigEndianTakesTheHighBitFirstAcrossBytes() throws ImageDecodeException {
        int bg = PALETTE.color(0);
        int fg = PALETTE.color(1);
        int[] got = decode(decoder, BitmapFormat.PALETTE_1_BE, true, 10, 2, 4, PALETTE, false,
                0b1011_0000, 0b0100_0000, 0xEE, 0xEE,
                0b0000_0001, 0b1000_0000, 0xEE, 0xEE);
        assertArrayEquals(new int[] {
            fg, bg, fg, fg, bg, bg, bg, bg, bg, fg,
            bg, bg, bg, bg, bg, bg, bg, fg, fg, bg,
        }, got);
    }

    @Test
    void oneBitLittleEndianTakesTheLowBitFirst() throws ImageDecodeException {
        int bg = PALETTE.color(0);
        int fg = PALETTE.color(1);
        int[] got = decode(decoder, BitmapFormat.PALETTE_1_LE, true, 10, 1, 2, PALETTE, false,
                0b1011_0000, 0b1111_1110);
        assertArrayEquals(new int[] {bg, bg, bg, bg, fg, fg, bg, fg, bg, fg}, got);
    }

    @Test
    void oneBitWithASingleEntryPaletteUsesItForBothValues() throws ImageDecodeException {
        Palette single = new Palette(1, new int[] {0xFF123456});
        int[] got = decode(decoder, BitmapFormat.PALETTE_1_BE, true, 2, 1, 1, single, false, 0b0100_0000);
        assertArrayEquals(new int[] {0xFF123456, 0xFF123456}, got);
    }

    @Test
    void fourBitBigEndianTakesTheHighNibbleFirst() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.PALETTE_4_BE, true, 3, 1, 2, PALETTE, false, 0x12, 0x3F);
        assertArrayEquals(new int[] {PALETTE.color(1), PALETTE.color(2), PALETTE.color(3)}, got);
    }

    @Test
    void fourBitLittleEndianTakesTheLowNibbleFirst() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.PALETTE_4_LE, true, 3, 1, 2, PALETTE, false, 0x12, 0xF4);
        assertArrayEquals(new int[] {PALETTE.color(2), PALETTE.color(1), PALETTE.color(4)}, got);
    }

    @Test
    void eightBitIndicesPastThePaletteWrapAround() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.PALETTE_8, true, 4, 1, 4, PALETTE, false, 0, 4, 5, 255);
        // Five entries: 5 wraps to 0 and 255 to 0 (255 = 51 * 5).
        assertArrayEquals(new int[] {0x00102030, 0x44D0E0F0, 0x00102030, 0x00102030}, got);
    }

    @Test
    void sixteenBitWidensEachChannelAsPixmanDoes() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.RGB16, true, 6, 1, 12, null, false,
                0xFF, 0x7F, // white
                0x00, 0x7C, // red 31
                0xE0, 0x03, // green 31
                0x01, 0x00, // blue 1 -> 0b00001000
                0x10, 0x00, // blue 16 -> 0b10000100
                0x00, 0x80); // only the unused top bit
        assertArrayEquals(new int[] {0xFFFFFF, 0xFF0000, 0x00FF00, 0x000008, 0x000084, 0}, got);
    }

    @Test
    void twentyFourBitReadsBlueGreenRed() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.RGB24, true, 2, 1, 8, null, false,
                0x01, 0x02, 0x03, 0xFA, 0xFB, 0xFC, 0xEE, 0xEE);
        assertArrayEquals(new int[] {0x030201, 0xFCFBFA}, got);
    }

    @Test
    void thirtyTwoBitKeepsThePadByte() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.RGB32, true, 2, 1, 8, null, false,
                0x01, 0x02, 0x03, 0x00, 0xFA, 0xFB, 0xFC, 0x7E);
        assertArrayEquals(new int[] {0x00030201, 0x7EFCFBFA}, got);
    }

    @Test
    void rgbaIsCopiedAsSent() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.RGBA, true, 2, 1, 8, null, true,
                0x10, 0x20, 0x30, 0x40, 0x00, 0x00, 0x00, 0x00);
        assertArrayEquals(new int[] {0x40302010, 0}, got);
    }

    @Test
    void alphaOnlyBecomesBlackWithThatAlpha() throws ImageDecodeException {
        int[] got = decode(decoder, BitmapFormat.ALPHA8, true, 3, 1, 4, null, true, 0x00, 0x80, 0xFF, 0xEE);
        assertArrayEquals(new int[] {0, 0x80000000, 0xFF000000}, got);
    }

    @ParameterizedTest
    @EnumSource(value = BitmapFormat.class, names = {"PALETTE_8", "RGB16", "RGB24", "RGB32"})
    void highBitsSetMakesEveryOpaquePixelsTopByteFF(BitmapFormat format) throws ImageDecodeException {
        int[] bytes = new int[4 * 3];
        Arrays.setAll(bytes, i -> i % 5);
        int bytesPerPixel = format.bitsPerPixel() / 8;
        int[] plain = decode(decoder, format, true, 3, 1, 3 * bytesPerPixel, PALETTE, false, bytes);
        int[] forced = decode(decoder, format, true, 3, 1, 3 * bytesPerPixel, PALETTE, true, bytes);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i] | 0xFF000000, forced[i], "pixel " + i);
        }
        assertTrue(Arrays.stream(plain).anyMatch(p -> p >>> 24 != 0xFF), "the test needs a top byte that is not FF");
    }

    @Test
    void bottomUpDataPutsItsFirstRowAtTheBottom() throws ImageDecodeException {
        int[] bytes = {1, 2, 3, 4, 5, 6};
        int[] topDown = decode(decoder, BitmapFormat.RGB24, true, 1, 2, 3, null, false, bytes);
        int[] bottomUp = decode(decoder, BitmapFormat.RGB24, false, 1, 2, 3, null, false, bytes);
        assertArrayEquals(new int[] {0x030201, 0x060504}, topDown);
        assertArrayEquals(new int[] {0x060504, 0x030201}, bottomUp);
    }

    @ParameterizedTest
    @EnumSource(BitmapFormat.class)
    void rowOrderAndPaddingWorkForEveryFormat(BitmapFormat format) throws ImageDecodeException {
        int width = 13;
        int height = 5;
        int stride = (int) format.minimumStride(width) + 3;
        Random random = new Random(format.ordinal());
        int[] bytes = new int[stride * height];
        Arrays.setAll(bytes, i -> random.nextInt(256));
        int[] topDown = decode(decoder, format, true, width, height, stride, PALETTE, false, bytes);
        int[] bottomUp = decode(decoder, format, false, width, height, stride, PALETTE, false, bytes);
        for (int y = 0; y < height; y++) {
            assertArrayEquals(Arrays.copyOfRange(topDown, y * width, (y + 1) * width),
                    Arrays.copyOfRange(bottomUp, (height - 1 - y) * width, (height - y) * width), "row " + y);
        }
        // Each row decodes on its own: the same bytes alone in a one-row image give the same pixels.
        for (int y = 0; y < height; y++) {
            int[] row = Arrays.copyOfRange(bytes, y * stride, (y + 1) * stride);
            assertArrayEquals(Arrays.copyOfRange(topDown, y * width, (y + 1) * width),
                    decode(decoder, format, true, width, 1, stride, PALETTE, false, row), "row " + y);
        }
    }

    @Test
    void aDestinationWithOffsetAndStrideIsWrittenOnlyInsideItsRectangle() throws ImageDecodeException {
        MemorySegment memory = MemorySegment.ofArray(new int[8 * 4]);
        memory.fill((byte) 0x5A);
        PixelBuffer view = new PixelBuffer(memory, 4L * (8 + 1), 2, 2, 8 * 4, false);
        BitmapHeader header = new BitmapHeader(BitmapFormat.RGB24, BitmapHeader.TOP_DOWN, 2, 2, 6);
        byte[] data = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
        decoder.decode(header, null, MemorySegment.ofArray(data), false, view);
        PixelBuffer whole = new PixelBuffer(memory, 0, 8, 4, 32, false);
        int[] expected = new int[32];
        Arrays.fill(expected, SENTINEL);
        expected[9] = 0x010101;
        expected[10] = 0x020202;
        expected[17] = 0x030303;
        expected[18] = 0x040404;
        assertArrayEquals(expected, pixels(whole));
    }

    @Test
    void aLargeBitmapInOffHeapMemoryDecodesEveryRow() throws ImageDecodeException {
        int width = 1021;
        int height = 300;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(4L * width * height);
            Random random = new Random(5);
            int[] expected = new int[width * height];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = random.nextInt();
                data.set(PixelBuffer.PIXEL, 4L * i, expected[i]);
            }
            PixelBuffer dst = new PixelBuffer(arena.allocate(4L * width * height), 0, width, height, 4 * width, true);
            decoder.decode(new BitmapHeader(BitmapFormat.RGBA, BitmapHeader.TOP_DOWN, width, height, 4 * width),
                    null, data, false, dst);
            assertArrayEquals(expected, pixels(dst));
        }
    }

    @Test
    void anEmptyBitmapWritesNothing() throws ImageDecodeException {
        assertEquals(0, decode(decoder, BitmapFormat.RGB24, false, 0, 3, 0, null, false).length);
        assertEquals(0, decode(decoder, BitmapFormat.RGB24, false, 3, 0, 9, null, false).length);
    }

    @Test
    void fromWireReadsTheFormatAndFlags() throws ImageDecodeException {
        BitmapHeader header = BitmapHeader.fromWire(7, BitmapHeader.TOP_DOWN | BitmapHeader.PALETTE_CACHE_ME, 3, 2, 12);
        assertEquals(new BitmapHeader(BitmapFormat.RGB24, 5, 3, 2, 12), header);
        assertTrue(header.topDown());
        assertEquals(24, header.dataSize());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, 255})
    void fromWireRefusesInvalidAndUnknownFormats(int format) {
        assertThrows(ImageDecodeException.class, () -> BitmapHeader.fromWire(format, 0, 1, 1, 4));
    }

    @Test
    void fromWireRefusesSizesOf2To31OrMore() {
        assertThrows(ImageDecodeException.class, () -> BitmapHeader.fromWire(8, 0, 0x8000_0000, 1, 4));
        assertThrows(ImageDecodeException.class, () -> BitmapHeader.fromWire(8, 0, 1, -1, 4));
        assertThrows(ImageDecodeException.class, () -> BitmapHeader.fromWire(8, 0, 1, 1, 0xFFFF_FFFF));
    }

    /** Malformed input is refused before the destination is touched. */
    private void assertRefusedUntouched(BitmapHeader header, Palette palette, int dataBytes, BitmapDecoder decoder) {
        PixelBuffer dst = PixelBuffer.allocateHeap(header.width(), header.height(), false);
        dst.segment().fill((byte) 0x5A);
        assertThrows(ImageDecodeException.class,
                () -> decoder.decode(header, palette, MemorySegment.ofArray(new byte[dataBytes]), false, dst));
        assertTrue(Arrays.stream(pixels(dst)).allMatch(p -> p == SENTINEL), "destination was written");
    }

    @Test
    void strideShorterThanARowIsRefused() {
        assertRefusedUntouched(new BitmapHeader(BitmapFormat.RGB24, 0, 4, 2, 11), null, 100, decoder);
        assertRefusedUntouched(new BitmapHeader(BitmapFormat.PALETTE_1_BE, 0, 9, 2, 1), PALETTE, 100, decoder);
        assertRefusedUntouched(new BitmapHeader(BitmapFormat.PALETTE_4_LE, 0, 3, 2, 1), PALETTE, 100, decoder);
    }

    @Test
    void dataShorterThanStrideTimesHeightIsRefused() {
        assertRefusedUntouched(new BitmapHeader(BitmapFormat.RGB32, 0, 4, 3, 16), null, 47, decoder);
        assertRefusedUntouched(new BitmapHeader(BitmapFormat.PALETTE_8, 0, 4, 3, 8), PALETTE, 23, decoder);
    }

    @Test
    void aPaletteFormatWithoutAPaletteIsRefused() {
        for (BitmapFormat format : BitmapFormat.values()) {
            if (format.usesPalette()) {
                assertRefusedUntouched(new BitmapHeader(format, 0, 2, 2, 4), null, 8, decoder);
            }
        }
    }

    @Test
    void anImageOverThePixelLimitIsRefused() {
        BitmapDecoder small = new BitmapDecoder(99);
        assertRefusedUntouched(new BitmapHeader(BitmapFormat.RGB24, 0, 10, 10, 30), null, 300, small);
    }

    @Test
    void aStrideTimesHeightBeyondIntRangeIsCheckedWithoutOverflow() {
        BitmapHeader header = new BitmapHeader(BitmapFormat.RGB32, 0, 1, 1 << 16, 1 << 16);
        assertRefusedUntouched(header, null, 1 << 16, decoder);
    }

    @Test
    void aDestinationOfAnotherSizeOrReadOnlyIsACallerError() {
        BitmapHeader header = new BitmapHeader(BitmapFormat.RGB24, 0, 2, 2, 6);
        MemorySegment data = MemorySegment.ofArray(new byte[12]);
        assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(header, null, data, false, PixelBuffer.allocateHeap(2, 3, false)));
        PixelBuffer readOnly = PixelBuffer.allocateHeap(2, 2, false);
        PixelBuffer view = new PixelBuffer(readOnly.segment().asReadOnly(), 0, 2, 2, 8, false);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(header, null, data, false, view));
    }
}
