package dev.saffron.viewer.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PngWriterTest {
    private static OpaqueImage randomOpaque(int width, int height, long seed) {
        return new OpaqueImage(new Random(seed).ints(width * height).toArray(), width, height);
    }

    private static byte[] png(PngWriter writer, OpaqueImage image) throws IOException {
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

    private static int[] rgbOf(OpaqueImage image) {
        int[] result = image.pixels().clone();
        for (int i = 0; i < result.length; i++) {
            result[i] |= 0xFF00_0000;
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
        OpaqueImage image = randomOpaque(37, 23, filter.ordinal());
        byte[] png = png(new PngWriter(1, filter), image);
        BufferedImage back = read(png);
        assertEquals(37, back.getWidth());
        assertEquals(23, back.getHeight());
        assertTrue(!back.getColorModel().hasAlpha(), "the alpha byte is not written");
        assertArrayEquals(rgbOf(image), argb(back));
    }

    @Test
    void flatImagesCompressAndReadBack() throws IOException {
        int[] flat = new int[1024 * 768];
        Arrays.fill(flat, 0x3C3C3C3C);
        OpaqueImage image = new OpaqueImage(flat, 1024, 768);
        byte[] png = png(new PngWriter(), image);
        assertTrue(png.length < 1024 * 768 * 3 / 100, "a flat 1024x768 image took " + png.length + " bytes");
        assertArrayEquals(rgbOf(image), argb(read(png)));
    }

    @Test
    void aLargeImageSpansSeveralDataChunksWithValidCrcs() throws IOException {
        OpaqueImage image = randomOpaque(300, 300, 3);
        byte[] png = png(new PngWriter(9, PngWriter.Filter.PAETH), image);
        List<String> chunks = checkedChunks(png);
        assertEquals("IHDR", chunks.getFirst());
        assertEquals("IEND", chunks.getLast());
        assertTrue(chunks.stream().filter("IDAT"::equals).count() > 1, chunks.toString());
        assertArrayEquals(rgbOf(image), argb(read(png)));
    }

    @Test
    void aOnePixelImageWorks() throws IOException {
        OpaqueImage image = new OpaqueImage(new int[] {0x00ABCDEF}, 1, 1);
        assertArrayEquals(new int[] {0xFFABCDEF}, argb(read(png(new PngWriter(), image))));
    }

    @Test
    void writingToAFileGivesTheSameBytes(@TempDir Path directory) throws IOException {
        OpaqueImage image = randomOpaque(20, 20, 6);
        Path file = directory.resolve("shot.png");
        new PngWriter().write(image, file);
        assertArrayEquals(png(new PngWriter(), image), Files.readAllBytes(file));
    }

    @Test
    void badArgumentsAreRefused() {
        OpaqueImage empty = new OpaqueImage(new int[0], 0, 5);
        assertThrows(IllegalArgumentException.class, () -> new PngWriter().write(empty, new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class, () -> new PngWriter(10, PngWriter.Filter.NONE));
        assertThrows(IllegalArgumentException.class, () -> new PngWriter(-1, PngWriter.Filter.NONE));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueImage(new int[5], 2, 3));
    }

    @Test
    void theLevelChangesTheSizeButNotThePixels() throws IOException {
        int[] pixels = new int[50 * 50];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 50 / 5 + i / 50 / 7) % 3 * 0x405060;
        }
        OpaqueImage image = new OpaqueImage(pixels, 50, 50);
        byte[] stored = png(new PngWriter(0, PngWriter.Filter.SUB), image);
        byte[] fast = png(new PngWriter(1, PngWriter.Filter.SUB), image);
        assertTrue(stored.length > 50 * 50 * 3, "level 0 stores: " + stored.length);
        assertTrue(fast.length < stored.length / 4, "level 1 compresses: " + fast.length);
        assertArrayEquals(rgbOf(image), argb(read(stored)));
        assertArrayEquals(rgbOf(image), argb(read(fast)));
    }
}
