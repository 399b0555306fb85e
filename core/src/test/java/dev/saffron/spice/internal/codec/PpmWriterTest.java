package dev.saffron.spice.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saffron.spice.internal.display.PixelBuffer;
import dev.saffron.spice.testing.PpmImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpmWriterTest {
    @Test
    void aPpmReadsBackWithTheSamePixels() throws Exception {
        Random random = new Random(1);
        PixelBuffer image = PixelBuffer.allocateHeap(33, 17, false);
        int[] expected = new int[33 * 17];
        for (int i = 0; i < expected.length; i++) {
            int pixel = random.nextInt();
            image.set(i % 33, i / 33, pixel);
            expected[i] = 0xFF00_0000 | pixel;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PpmWriter.write(image, out);
        byte[] bytes = out.toByteArray();
        assertEquals("P6\n33 17\n255\n", new String(bytes, 0, 13, StandardCharsets.US_ASCII));
        assertEquals(13 + 3 * expected.length, bytes.length);
        PpmImage back = PpmImage.parse(bytes);
        assertArrayEquals(expected, back.pixels());
    }

    @Test
    void alphaIsDroppedAndTheColourBytesKept(@TempDir Path directory) throws IOException {
        PixelBuffer whole = PixelBuffer.allocateHeap(4, 3, true);
        whole.segment().fill((byte) 0x77);
        PixelBuffer view = new PixelBuffer(whole.segment(), 4L * 5, 2, 2, 16, true);
        view.set(0, 0, 0x80402010);
        view.set(1, 1, 0x00000000);
        Path file = directory.resolve("shot.ppm");
        PpmWriter.write(view, file);
        int[] pixels = PpmImage.read(file).pixels();
        assertEquals(4, pixels.length);
        assertEquals(0xFF402010, pixels[0]);
        assertEquals(0xFF777777, pixels[1]);
        assertEquals(0xFF777777, pixels[2]);
        assertEquals(0xFF000000, pixels[3]);
    }
}
