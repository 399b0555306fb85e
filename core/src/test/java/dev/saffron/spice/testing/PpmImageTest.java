package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PpmImageTest {
    private static byte[] ppm(String header, int... rgbBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (int b : rgbBytes) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void readsPixelsRowByRowAsOpaqueArgb() throws Exception {
        PpmImage image = PpmImage.parse(ppm("P6\n2 2\n255\n",
                0xFF, 0x00, 0x00, 0x00, 0xFF, 0x00,
                0x00, 0x00, 0xFF, 0x12, 0x34, 0x56));

        assertEquals(2, image.width());
        assertEquals(2, image.height());
        assertEquals(0xFFFF0000, image.argb(0, 0));
        assertEquals(0xFF00FF00, image.argb(1, 0));
        assertEquals(0xFF0000FF, image.argb(0, 1));
        assertEquals(0xFF123456, image.argb(1, 1));
        assertArrayEquals(new int[] {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFF123456}, image.pixels());
    }

    @Test
    void acceptsCommentsAndAnyWhitespaceInTheHeader() throws Exception {
        PpmImage image = PpmImage.parse(ppm("P6 # written by hand\n\t3\r\n# a comment line\n1 255\r", 1, 2, 3, 4, 5, 6,
                7, 8, 9));

        assertEquals(3, image.width());
        assertEquals(1, image.height());
        assertEquals(0xFF070809, image.argb(2, 0));
    }

    @Test
    void aPixelByteThatLooksLikeWhitespaceIsStillAPixel() throws Exception {
        PpmImage image = PpmImage.parse(ppm("P6\n1 1\n255\n", '\n', ' ', '#'));

        assertEquals(0xFF000000 | '\n' << 16 | ' ' << 8 | '#', image.argb(0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "P",
        "P3\n1 1\n255\n",
        "P6",
        "P6\n",
        "P61 1\n255\n",
        "P6\n1\n",
        "P6\nx 1\n255\n",
        "P6\n0 1\n255\n",
        "P6\n1 0\n255\n",
        "P6\n8193 1\n255\n",
        "P6\n1 99999999999999999999999\n255\n",
        "P6\n1 1\n65535\n",
        "P6\n1 1\n15\n",
        "P6\n1 1\n0\n",
        "P6\n1 1\n255",
        "P6\n1 1\n255x",
        "P6\n1 1\n255\n\u0001\u0002",
        "P6\n1 1\n255\n\u0001\u0002\u0003\u0004",
        "P6\n-1 1\n255\n",
    })
    void rejectsMalformedFilesWithATypedException(String text) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);

        assertThrows(PpmFormatException.class, () -> PpmImage.parse(data));
    }

    @Test
    void aTruncatedRasterSaysHowMuchWasMissing() {
        PpmFormatException e = assertThrows(PpmFormatException.class,
                () -> PpmImage.parse(ppm("P6\n4 4\n255\n", 1, 2, 3)));

        assertTrue(e.getMessage().contains("48"), e.getMessage());
    }

    @Test
    void pixelAccessIsBoundsChecked() throws Exception {
        PpmImage image = PpmImage.parse(ppm("P6\n1 1\n255\n", 1, 2, 3));

        assertThrows(IndexOutOfBoundsException.class, () -> image.argb(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> image.argb(0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> image.argb(-1, 0));
    }

    @Test
    void pixelsIsACopy() throws Exception {
        PpmImage image = PpmImage.parse(ppm("P6\n1 1\n255\n", 1, 2, 3));

        image.pixels()[0] = 0;

        assertEquals(0xFF010203, image.argb(0, 0));
    }

    @Test
    void countsDifferingPixelsOfSameSizedImages() throws Exception {
        PpmImage a = PpmImage.parse(ppm("P6\n3 1\n255\n", 1, 1, 1, 2, 2, 2, 3, 3, 3));
        PpmImage b = PpmImage.parse(ppm("P6\n3 1\n255\n", 1, 1, 1, 9, 2, 2, 3, 3, 4));
        PpmImage tall = PpmImage.parse(ppm("P6\n1 3\n255\n", 1, 1, 1, 2, 2, 2, 3, 3, 3));

        assertEquals(0, a.differingPixels(a));
        assertEquals(2, a.differingPixels(b));
        assertNotEquals(a, b);
        assertEquals(a, PpmImage.parse(ppm("P6\n3 1\n255\n", 1, 1, 1, 2, 2, 2, 3, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> a.differingPixels(tall));
    }

    @Test
    void readsAFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("image.ppm");
        Files.write(file, ppm("P6\n1 2\n255\n", 10, 20, 30, 40, 50, 60));

        PpmImage image = PpmImage.read(file);

        assertEquals(0xFF28323C, image.argb(0, 1));
    }
}
