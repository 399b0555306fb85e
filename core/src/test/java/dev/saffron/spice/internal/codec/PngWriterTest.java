package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PngWriterTest {
    private static PixelBuffer randomOpaque(int width, int height, long seed) {
        Random random = new Random(seed);
        PixelBuffer image = PixelBuffer.allocateHeap(width, height, false);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.set(x, y, random.nextInt());
            }
        }
        return image;
    }

    /** Valid premultiplied pixels: no channel above alpha. */
    private static PixelBuffer randomPremultiplied(int width, int height, long seed) {
        Random random = new Random(seed);
        PixelBuffer image = PixelBuffer.allocateHeap(width, height, true);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = random.nextInt(4) == 0 ? 255 : random.nextInt(256);
                int r = random.nextInt(alpha + 1);
                int g = random.nextInt(alpha + 1);
                int b = random.nextInt(alpha + 1);
                image.set(x, y, alpha << 24 | r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static byte[] png(PngWriter writer, PixelBuffer image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(image, out);
        return out.toByteArray();
    }

    private static BufferedImage read(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** @return ImageIO's straight ARGB values, row by row */
    private static int[] argb(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static int[] rgbOf(PixelBuffer image) {
        int[] result = new int[image.width() * image.height()];
        for (int i = 0; i < result.length; i++) {
            result[i] = 0xFF00_0000 | image.get(i % image.width(), i / image.width());
        }
        return result;
    }

    /** @return the chunk types in order, after checking every chunk's length and CRC */
    private static List<String> checkedChunks(byte[] png) {
        ByteBuffer in = ByteBuffer.wrap(png);
        byte[] signature = new byte[8];
        in.get(signature);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, signature);
        List<String> types = new ArrayList<>();
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] typeAndData = new byte[4 + length];
            in.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            assertEquals((int) crc.getValue(), in.getInt(), "CRC of chunk " + types.size());
            types.add(new String(typeAndData, 0, 4, StandardCharsets.US_ASCII));
        }
        return types;
    }

    @ParameterizedTest
    @EnumSource(PngWriter.Filter.class)
    void randomOpaqueImagesReadBackExactlyWithEveryFilter(PngWriter.Filter filter) throws IOException {
        PixelBuffer image = randomOpaque(37, 23, filter.ordinal());
        byte[] png = png(new PngWriter(1, filter), image);
        BufferedImage back = read(png);
        assertEquals(37, back.getWidth());
        assertEquals(23, back.getHeight());
        assertTrue(!back.getColorModel().hasAlpha(), "an opaque buffer is written as RGB");
        assertArrayEquals(rgbOf(image), argb(back));
    }

    @Test
    void flatImagesCompressAndReadBack() throws IOException {
        PixelBuffer image = PixelBuffer.allocateHeap(1024, 768, false);
        image.segment().fill((byte) 0x3C);
        byte[] png = png(new PngWriter(), image);
        assertTrue(png.length < 1024 * 768 * 3 / 100, "a flat 1024x768 image took " + png.length + " bytes");
        assertArrayEquals(rgbOf(image), argb(read(png)));
    }

    @Test
    void aLargeImageSpansSeveralDataChunksWithValidCrcs() throws IOException {
        PixelBuffer image = randomOpaque(300, 300, 3);
        byte[] png = png(new PngWriter(9, PngWriter.Filter.PAETH), image);
        List<String> chunks = checkedChunks(png);
        assertEquals("IHDR", chunks.getFirst());
        assertEquals("IEND", chunks.getLast());
        assertTrue(chunks.stream().filter("IDAT"::equals).count() > 1, chunks.toString());
        assertArrayEquals(rgbOf(image), argb(read(png)));
    }

    @Test
    void premultipliedAlphaIsWrittenStraightAndPremultipliesBackExactly() throws IOException {
        PixelBuffer image = randomPremultiplied(64, 40, 4);
        int[] straight = argb(read(png(new PngWriter(), image)));
        for (int i = 0; i < straight.length; i++) {
            int s = straight[i];
            int alpha = s >>> 24;
            int expected = image.get(i % 64, i / 64);
            int premultiplied = alpha << 24 | premultiply(s >>> 16 & 0xFF, alpha) << 16
                    | premultiply(s >>> 8 & 0xFF, alpha) << 8 | premultiply(s & 0xFF, alpha);
            assertEquals(expected, premultiplied, "pixel " + i);
        }
    }

    private static int premultiply(int channel, int alpha) {
        return (channel * alpha + 127) / 255;
    }

    @Test
    void alphaExamplesByHand() throws IOException {
        PixelBuffer image = PixelBuffer.allocateHeap(4, 1, true);
        image.set(0, 0, 0x80402010);
        image.set(1, 0, 0x00000000);
        image.set(2, 0, 0xFF123456);
        image.set(3, 0, 0x10FF0000);
        assertArrayEquals(new int[] {0x80804020, 0x00000000, 0xFF123456, 0x10FF0000},
                argb(read(png(new PngWriter(), image))));
    }

    @Test
    void aViewIsWrittenWithoutItsSurroundings() throws IOException {
        PixelBuffer whole = randomOpaque(10, 8, 5);
        PixelBuffer view = new PixelBuffer(whole.segment(), 4L * (10 * 2 + 3), 4, 5, 40, false);
        int[] expected = new int[20];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = 0xFF00_0000 | whole.get(3 + i % 4, 2 + i / 4);
        }
        assertArrayEquals(expected, argb(read(png(new PngWriter(), view))));
    }

    @Test
    void aOnePixelImageWorks() throws IOException {
        PixelBuffer image = PixelBuffer.allocateHeap(1, 1, false);
        image.set(0, 0, 0x00ABCDEF);
        assertArrayEquals(new int[] {0xFFABCDEF}, argb(read(png(new PngWriter(), image))));
    }

    @Test
    void writingToAFileGivesTheSameBytes(@TempDir Path directory) throws IOException {
        PixelBuffer image = randomOpaque(20, 20, 6);
        Path file = directory.resolve("shot.png");
        new PngWriter().write(image, file);
        assertArrayEquals(png(new PngWriter(), image), Files.readAllBytes(file));
    }

    @Test
    void badArgumentsAreRefused() {
        PixelBuffer empty = new PixelBuffer(MemorySegment.ofArray(new int[0]), 0, 0, 5, 0, false);
        assertThrows(IllegalArgumentException.class, () -> new PngWriter().write(empty, new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class, () -> new PngWriter(10, PngWriter.Filter.NONE));
        assertThrows(IllegalArgumentException.class, () -> new PngWriter(-1, PngWriter.Filter.NONE));
    }

    @Test
    void theLevelChangesTheSizeButNotThePixels() throws IOException {
        PixelBuffer image = PixelBuffer.allocateHeap(50, 50, false);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 50; x++) {
                image.set(x, y, (x / 5 + y / 7) % 3 * 0x405060);
            }
        }
        byte[] stored = png(new PngWriter(0, PngWriter.Filter.SUB), image);
        byte[] fast = png(new PngWriter(1, PngWriter.Filter.SUB), image);
        assertTrue(stored.length > 50 * 50 * 3, "level 0 stores: " + stored.length);
        assertTrue(fast.length < stored.length / 4, "level 1 compresses: " + fast.length);
        assertArrayEquals(rgbOf(image), argb(read(stored)));
        assertArrayEquals(rgbOf(image), argb(read(fast)));
    }
}
