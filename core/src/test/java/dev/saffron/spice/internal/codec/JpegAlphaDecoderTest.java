package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegAlphaDecoderTest {
    private static final int WIDTH = 24;
    private static final int HEIGHT = 9;

    /**
     * Stands in for the LZ alpha decoder: its stream is a row-order byte (1 top-down, 0 bottom-up), then one
     * alpha byte per pixel, row by row.
     */
    private static final class FakeAlphaPlane implements AlphaPlaneDecoder {
        byte[] received;

        @Override
        public void decodeAlpha(MemorySegment stream, boolean topDown, PixelBuffer dst) throws ImageDecodeException {
            received = stream.toArray(ValueLayout.JAVA_BYTE);
            if (received.length != 1 + dst.width() * dst.height()) {
                throw new ImageDecodeException("alpha stream of another size");
            }
            if ((received[0] == 1) != topDown) {
                throw new ImageDecodeException("alpha stream in the other row order");
            }
            for (int row = 0; row < dst.height(); row++) {
                int y = topDown ? row : dst.height() - 1 - row;
                for (int x = 0; x < dst.width(); x++) {
                    int alpha = received[1 + row * dst.width() + x] & 0xFF;
                    dst.set(x, y, alpha << 24 | dst.get(x, y) & 0xFF_FFFF);
                }
            }
        }
    }

    private final FakeAlphaPlane alphaPlane = new FakeAlphaPlane();
    private final JpegAlphaDecoder decoder = new JpegAlphaDecoder(new JpegDecoder(1 << 20), alphaPlane);

    private static byte[] imageData(byte[] jpeg, boolean topDown) {
        byte[] data = Arrays.copyOf(jpeg, jpeg.length + 1 + WIDTH * HEIGHT);
        data[jpeg.length] = (byte) (topDown ? 1 : 0);
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            data[jpeg.length + 1 + i] = (byte) (i * 7);
        }
        return data;
    }

    private static int alphaAt(int row, int x) {
        return (row * WIDTH + x) * 7 & 0xFF;
    }

    @Test
    void colourFromTheJpegAndAlphaFromTheStreamMakeEachPixel() throws Exception {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(WIDTH, HEIGHT, 1), 0.9f, false);
        int[] colour = JpegFixtures.imageIoRgb(jpeg);
        for (boolean topDown : new boolean[] {true, false}) {
            PixelBuffer dst = PixelBuffer.allocateHeap(WIDTH, HEIGHT, true);
            decoder.decode(MemorySegment.ofArray(imageData(jpeg, topDown)), jpeg.length, topDown, dst);
            assertEquals(1 + WIDTH * HEIGHT, alphaPlane.received.length, "the alpha decoder gets the rest exactly");
            for (int y = 0; y < HEIGHT; y++) {
                int row = topDown ? y : HEIGHT - 1 - y;
                for (int x = 0; x < WIDTH; x++) {
                    assertEquals(alphaAt(row, x) << 24 | colour[y * WIDTH + x], dst.get(x, y),
                            "pixel " + x + "," + y + " top-down " + topDown);
                }
            }
        }
    }

    @Test
    void theJpegRowsDoNotFlipWithTheFlag() throws Exception {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(WIDTH, HEIGHT, 2), 0.9f, false);
        PixelBuffer topDown = PixelBuffer.allocateHeap(WIDTH, HEIGHT, true);
        PixelBuffer bottomUp = PixelBuffer.allocateHeap(WIDTH, HEIGHT, true);
        decoder.decode(MemorySegment.ofArray(imageData(jpeg, true)), jpeg.length, true, topDown);
        decoder.decode(MemorySegment.ofArray(imageData(jpeg, false)), jpeg.length, false, bottomUp);
        int[] expected = JpegFixtures.imageIoRgb(jpeg);
        int[] colourTop = new int[WIDTH * HEIGHT];
        int[] colourBottom = new int[WIDTH * HEIGHT];
        for (int i = 0; i < expected.length; i++) {
            colourTop[i] = topDown.get(i % WIDTH, i / WIDTH) & 0xFF_FFFF;
            colourBottom[i] = bottomUp.get(i % WIDTH, i / WIDTH) & 0xFF_FFFF;
        }
        assertArrayEquals(expected, colourTop);
        assertArrayEquals(expected, colourBottom);
    }

    @Test
    void aJpegSizeLeavingNoAlphaStreamIsRefused() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(WIDTH, HEIGHT, 3), 0.9f, false);
        PixelBuffer dst = PixelBuffer.allocateHeap(WIDTH, HEIGHT, true);
        MemorySegment data = MemorySegment.ofArray(imageData(jpeg, true));
        for (int jpegSize : new int[] {0, (int) data.byteSize(), (int) data.byteSize() + 1, -1}) {
            alphaPlane.received = null;
            assertThrows(ImageDecodeException.class, () -> decoder.decode(data, jpegSize, true, dst),
                    "jpeg_size " + Integer.toUnsignedString(jpegSize));
            assertNull(alphaPlane.received);
        }
    }

    @Test
    void aJpegSizeThatCutsTheJpegIsRefused() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(WIDTH, HEIGHT, 4), 0.9f, false);
        PixelBuffer dst = PixelBuffer.allocateHeap(WIDTH, HEIGHT, true);
        MemorySegment data = MemorySegment.ofArray(imageData(jpeg, true));
        assertThrows(ImageDecodeException.class, () -> decoder.decode(data, jpeg.length - 40, true, dst));
    }

    @Test
    void alphaErrorsReachTheCaller() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(WIDTH, HEIGHT, 5), 0.9f, false);
        PixelBuffer dst = PixelBuffer.allocateHeap(WIDTH, HEIGHT, true);
        MemorySegment bottomUpStream = MemorySegment.ofArray(imageData(jpeg, false));
        assertThrows(ImageDecodeException.class, () -> decoder.decode(bottomUpStream, jpeg.length, true, dst));
    }

    @Test
    void aDescriptorSizeThatDiffersFromTheJpegIsRefusedBeforeTheAlpha() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(WIDTH, HEIGHT, 6), 0.9f, false);
        PixelBuffer dst = PixelBuffer.allocateHeap(WIDTH, HEIGHT + 1, true);
        alphaPlane.received = null;
        assertThrows(ImageDecodeException.class,
                () -> decoder.decode(MemorySegment.ofArray(imageData(jpeg, true)), jpeg.length, true, dst));
        assertNull(alphaPlane.received);
    }

    @Test
    void aDestinationWithoutAlphaIsACallerError() {
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(WIDTH, HEIGHT, 7), 0.9f, false);
        PixelBuffer opaque = PixelBuffer.allocateHeap(WIDTH, HEIGHT, false);
        assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(MemorySegment.ofArray(imageData(jpeg, true)), jpeg.length, true, opaque));
    }
}
