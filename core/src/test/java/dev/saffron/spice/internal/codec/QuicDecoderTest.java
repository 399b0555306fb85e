package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class QuicDecoderTest {
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final List<QuicImageType> DECODABLE =
            List.of(QuicImageType.RGB32, QuicImageType.RGB24, QuicImageType.RGB16, QuicImageType.RGBA);

    private final QuicDecoder decoder = new QuicDecoder(QuicDecoder.MAX_PIXEL_LIMIT);

    /** A test image: its pixels in the encoder's input form. */
    private record Image(String name, int width, int height, int[] pixels) {
        @Override
        public String toString() {
            return name + " " + width + "x" + height;
        }
    }

    private static Image noise(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] pixels = new int[width * height];
        Arrays.setAll(pixels, i -> random.nextInt());
        return new Image("noise", width, height, pixels);
    }

    private static Image gradient(int width, int height) {
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / Math.max(1, width - 1);
                int g = y * 255 / Math.max(1, height - 1);
                pixels[y * width + x] = ((x ^ y) & 0xFF) << 24 | r << 16 | g << 8 | (x + y) & 0xFF;
            }
        }
        return new Image("gradient", width, height, pixels);
    }

    /** Flat blocks with rare specks: mostly run mode, with runs ending and restarting. */
    private static Image blocks(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int color = (x / 13) % 3 == 0 ? 0xFF336699 : (y / 7) % 2 == 1 ? 0x80FFFFFF : 0xFF000000;
                if (random.nextInt(97) == 0) {
                    color ^= random.nextInt() & 0x00FF_FFFF;
                }
                pixels[y * width + x] = color;
            }
        }
        return new Image("blocks", width, height, pixels);
    }

    /** Smooth ramps with a little noise, like a photograph. */
    private static Image photo(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = (x * 3 + y * 5) & 0xFF;
                int r = (v + random.nextInt(5)) & 0xFF;
                int g = (v / 2 + random.nextInt(3)) & 0xFF;
                pixels[y * width + x] = (x * 7 & 0xFF) << 24 | r << 16 | g << 8 | (255 - v);
            }
        }
        return new Image("photo", width, height, pixels);
    }

    private static Image flat(int width, int height, int color) {
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, color);
        return new Image("flat", width, height, pixels);
    }

    private static List<Image> images() {
        List<Image> images = new ArrayList<>();
        images.add(noise(1, 1, 1));
        images.add(noise(7, 5, 2));
        images.add(noise(33, 17, 3));
        images.add(gradient(33, 17));
        images.add(blocks(33, 17, 4));
        images.add(noise(1, 300, 5));
        images.add(blocks(1, 300, 6));
        images.add(blocks(3, 200, 7));
        images.add(gradient(300, 1));
        images.add(blocks(2, 16, 8));
        images.add(blocks(64, 64, 9));
        images.add(photo(200, 150, 10));
        images.add(blocks(200, 150, 11));
        // Rows wider than the 2048 pixels after which the model's wait mask widens mid-row.
        images.add(photo(2049, 9, 12));
        images.add(blocks(3000, 6, 13));
        images.add(flat(2048, 3, 0xFF808080));
        // Runs long enough to drive the run-length code to its last states.
        images.add(flat(40000, 3, 0xFFEEEEEE));
        return images;
    }

    static Stream<Arguments> everyTypeAndImage() {
        return DECODABLE.stream().flatMap(type -> images().stream().map(image -> Arguments.of(type, image)));
    }

    /** What the decoder must produce for an encoder input pixel. */
    private static int expectedPixel(QuicImageType type, int pixel) {
        return switch (type) {
            case RGB16 -> 0xFF00_0000 | widen(pixel >> 10 & 0x1F) << 16 | widen(pixel >> 5 & 0x1F) << 8
                    | widen(pixel & 0x1F);
            case RGBA -> pixel;
            default -> 0xFF00_0000 | pixel;
        };
    }

    private static int widen(int fiveBits) {
        return fiveBits << 3 | fiveBits >> 2;
    }

    private static int[] expected(QuicImageType type, Image image) {
        int[] out = new int[image.pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = expectedPixel(type, image.pixels[i]);
        }
        return out;
    }

    private int[] decode(byte[] stream) throws ImageDecodeException {
        MemorySegment data = MemorySegment.ofArray(stream);
        QuicHeader header = decoder.readHeader(data);
        int[] pixels = new int[header.width() * header.height()];
        decoder.decode(data, header, MemorySegment.ofArray(pixels), 0, 4 * header.width());
        return pixels;
    }

    private static byte[] words(int... words) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int word : words) {
            buffer.putInt(word);
        }
        return buffer.array();
    }

    @Test
    void decodesAStreamWorkedOutByHand() throws Exception {
        // One RGB32 pixel (0x12, 0x34, 0x56): each channel is predicted as 0 and coded with the initial
        // code 7. Folded symbols 0x24 and 0x68 are Golomb codes "1" + 7 bits; 0xAC passes the 128 Golomb
        // symbols of code 7, so it is the escape "0" + (0xAC - 128) in 7 bits.
        byte[] stream = words(0x43495551, 0, 4, 1, 1, 0b1_0100100_1_1101000_0_0101100_00000000, 0);

        assertArrayEquals(new int[] {0xFF123456}, decode(stream));
        assertArrayEquals(stream, QuicTestEncoder.encode(QuicImageType.RGB32, 1, 1, new int[] {0x123456}));
    }

    @Test
    void widensFiveBitChannelsLikePixman() throws Exception {
        int[] rgb16 = {0x7FFF, 0x0000, 0x4210, 0x7C00, 0x03E0, 0x001F, 0x0421};
        byte[] stream = QuicTestEncoder.encode(QuicImageType.RGB16, rgb16.length, 1, rgb16);

        assertArrayEquals(new int[] {0xFFFFFFFF, 0xFF000000, 0xFF848484, 0xFFFF0000, 0xFF00FF00, 0xFF0000FF,
            0xFF080808}, decode(stream));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTypeAndImage")
    void roundTripsThroughTheTestEncoder(QuicImageType type, Image image) throws Exception {
        byte[] stream = QuicTestEncoder.encode(type, image.width, image.height, image.pixels);

        QuicHeader header = decoder.readHeader(MemorySegment.ofArray(stream));
        assertEquals(new QuicHeader(type, image.width, image.height), header);
        assertArrayEquals(expected(type, image), decode(stream));
    }

    @Test
    void flatImagesCostAlmostNothingBecauseOfRunMode() {
        byte[] stream = QuicTestEncoder.encode(QuicImageType.RGB32, 40000, 3, flat(40000, 3, 0xEEEEEE).pixels);

        // The first row has no run mode (about a bit per channel per pixel); the two rows after it are
        // almost entirely runs.
        assertTrue(stream.length < 40000 * 3 / 8 + 200, "stream of " + stream.length + " bytes");
    }

    @ParameterizedTest
    @EnumSource(names = {"RGB32", "RGB24", "RGB16", "RGBA"})
    void writesOnlyTheImageRectangleAtOffsetAndStride(QuicImageType type) throws Exception {
        Image image = photo(33, 17, 20);
        byte[] stream = QuicTestEncoder.encode(type, image.width, image.height, image.pixels);
        int stride = 4 * image.width + 12;
        long offset = 20;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(offset + (long) stride * image.height + 8);
            dst.fill((byte) 0x5A);
            MemorySegment data = arena.allocate(stream.length);
            MemorySegment.copy(stream, 0, data, ValueLayout.JAVA_BYTE, 0, stream.length);

            decoder.decode(data, decoder.readHeader(data), dst, offset, stride);

            int[] want = expected(type, image);
            for (long b = 0; b < dst.byteSize(); b++) {
                long inImage = b - offset;
                int y = (int) Math.floorDiv(inImage, stride);
                long column = Math.floorMod(inImage, stride);
                if (inImage >= 0 && y < image.height && column < 4L * image.width) {
                    continue;
                }
                assertEquals((byte) 0x5A, dst.get(ValueLayout.JAVA_BYTE, b), "byte " + b + " outside the image");
            }
            for (int y = 0; y < image.height; y++) {
                for (int x = 0; x < image.width; x++) {
                    assertEquals(want[y * image.width + x], dst.get(LE_INT, offset + (long) y * stride + 4L * x));
                }
            }
        }
    }

    @Test
    void oneDecoderServesImagesOfChangingTypeAndSize() throws Exception {
        List<Image> sequence = List.of(photo(200, 150, 30), blocks(7, 5, 31), flat(3000, 4, 0x123456),
                noise(1, 1, 32), blocks(200, 150, 33), photo(200, 150, 30));
        QuicImageType[] types = {QuicImageType.RGBA, QuicImageType.RGB16, QuicImageType.RGB32,
            QuicImageType.RGB24, QuicImageType.RGBA, QuicImageType.RGB16};
        for (int i = 0; i < sequence.size(); i++) {
            Image image = sequence.get(i);
            byte[] stream = QuicTestEncoder.encode(types[i], image.width, image.height, image.pixels);
            assertArrayEquals(expected(types[i], image), decode(stream), "image " + i + " " + image);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyTruncatedStreamIsRejected() throws Exception {
        for (QuicImageType type : DECODABLE) {
            for (Image image : List.of(photo(33, 17, 40), blocks(33, 17, 41), noise(2, 3, 42))) {
                byte[] stream = QuicTestEncoder.encode(type, image.width, image.height, image.pixels);
                for (int length = 0; length < stream.length; length++) {
                    byte[] prefix = Arrays.copyOf(stream, length);
                    assertThrows(ImageDecodeException.class, () -> decode(prefix),
                            type + " " + image + " cut to " + length + " of " + stream.length + " bytes");
                }
                // A partial word at the end is ignored, as spice-common ignores it.
                for (int extra = 1; extra < 4; extra++) {
                    assertArrayEquals(expected(type, image), decode(Arrays.copyOf(stream, stream.length + extra)));
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void corruptStreamsDecodeOrFailCleanly() throws Exception {
        Random random = new Random(50);
        int rejected = 0;
        int decoded = 0;
        for (int trial = 0; trial < 3000; trial++) {
            QuicImageType type = DECODABLE.get(trial % DECODABLE.size());
            Image image = trial % 2 == 0 ? photo(40, 30, trial) : blocks(40, 30, trial);
            byte[] stream = QuicTestEncoder.encode(type, image.width, image.height, image.pixels);
            switch (trial % 3) {
                case 0 -> stream[20 + random.nextInt(stream.length - 20)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> {
                    for (int i = 20 + random.nextInt(stream.length - 20); i < stream.length; i++) {
                        stream[i] = (byte) random.nextInt();
                    }
                }
                default -> {
                    for (int i = 20; i < stream.length; i++) {
                        stream[i] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
                    }
                }
            }
            byte[] corrupt = stream;
            try {
                int[] pixels = decode(corrupt);
                assertEquals(image.width * image.height, pixels.length);
                decoded++;
            } catch (ImageDecodeException e) {
                rejected++;
            }
        }
        // Both outcomes occur; any other exception, or a hang, fails the test.
        assertTrue(rejected > 0 && decoded > 0, "rejected " + rejected + ", decoded " + decoded);
    }

    @Test
    void rejectsBadHeaders() {
        int pixel = 0b1_0000000_1_0000000_1_0000000_00000000;
        assertHeaderRejected("magic", words(0x43495552, 0, 4, 1, 1, pixel, 0));
        assertHeaderRejected("version", words(0x43495551, 1, 4, 1, 1, pixel, 0));
        assertHeaderRejected("type", words(0x43495551, 0, 0, 1, 1, pixel, 0));
        assertHeaderRejected("type", words(0x43495551, 0, 6, 1, 1, pixel, 0));
        assertHeaderRejected("size", words(0x43495551, 0, 4, 0, 1, pixel, 0));
        assertHeaderRejected("size", words(0x43495551, 0, 4, 1, 0, pixel, 0));
        assertHeaderRejected("size", words(0x43495551, 0, 4, 0x8000_0000, 1, pixel, 0));
        assertHeaderRejected("truncated", words(0x43495551, 0, 4, 1, 1));
        assertHeaderRejected("truncated", new byte[3]);
    }

    @Test
    void refusesGrayLikeTheReferenceCanvas() {
        byte[] gray = QuicTestEncoder.encode(QuicImageType.GRAY, 4, 4, new int[16]);

        assertHeaderRejected("GRAY", gray);
    }

    private void assertHeaderRejected(String messagePart, byte[] stream) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> decoder.readHeader(MemorySegment.ofArray(stream)));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void enforcesThePixelLimit() throws Exception {
        QuicDecoder limited = new QuicDecoder(12 * 10);
        byte[] atLimit = QuicTestEncoder.encode(QuicImageType.RGB32, 12, 10, new int[120]);
        byte[] overLimit = QuicTestEncoder.encode(QuicImageType.RGB32, 11, 11, new int[121]);
        // Huge dimensions must be refused from the header alone, before any allocation.
        byte[] huge = words(0x43495551, 0, 4, 0x7FFF_FFFF, 0x7FFF_FFFF, 0, 0);

        assertEquals(new QuicHeader(QuicImageType.RGB32, 12, 10), limited.readHeader(MemorySegment.ofArray(atLimit)));
        ImageDecodeException over = assertThrows(ImageDecodeException.class,
                () -> limited.readHeader(MemorySegment.ofArray(overLimit)));
        assertTrue(over.getMessage().contains("limit"), over.getMessage());
        assertThrows(ImageDecodeException.class, () -> decoder.readHeader(MemorySegment.ofArray(huge)));
        assertThrows(IllegalArgumentException.class, () -> new QuicDecoder(0));
        assertThrows(IllegalArgumentException.class, () -> new QuicDecoder(QuicDecoder.MAX_PIXEL_LIMIT + 1));
    }

    @Test
    void rejectsMisuse() throws Exception {
        Image image = photo(8, 4, 60);
        MemorySegment data = MemorySegment.ofArray(QuicTestEncoder.encode(QuicImageType.RGB32, 8, 4, image.pixels));
        QuicHeader header = decoder.readHeader(data);
        MemorySegment dst = MemorySegment.ofArray(new int[32]);

        assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(data, new QuicHeader(QuicImageType.RGB24, 8, 4), dst, 0, 32));
        assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(data, new QuicHeader(QuicImageType.RGB32, 4, 8), dst, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(data, header, dst, 0, 28));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(data, header, dst, 4, 32));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(data, header, dst, -4, 32));
        assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(data, header, MemorySegment.ofArray(new int[31]), 0, 32));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(data, header, dst.asReadOnly(), 0, 32));
        decoder.decode(data, header, dst, 0, 32);
        assertArrayEquals(expected(QuicImageType.RGB32, image), dst.toArray(ValueLayout.JAVA_INT));
    }

    @Test
    void aWarmDecoderAllocatesAlmostNothingPerImage() throws Exception {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            fail("this JVM cannot count allocated bytes");
            return;
        }
        Image image = photo(640, 480, 70);
        MemorySegment data = MemorySegment.ofArray(
                QuicTestEncoder.encode(QuicImageType.RGBA, image.width, image.height, image.pixels));
        MemorySegment dst = MemorySegment.ofArray(new int[image.width * image.height]);
        for (int i = 0; i < 3; i++) {
            decoder.decode(data, decoder.readHeader(data), dst, 0, 4 * image.width);
        }
        long thread = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(thread);
        decoder.decode(data, decoder.readHeader(data), dst, 0, 4 * image.width);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // The row buffers alone would be over 10 KB; a 640x480 image over 1 MB.
        assertTrue(allocated < 2048, allocated + " bytes allocated");
    }
}
