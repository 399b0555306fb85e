package dev.saffron.viewer.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        int[] pixels = random.ints(33 * 17).toArray();
        OpaqueImage image = new OpaqueImage(pixels, 33, 17);
        int[] expected = new int[pixels.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = 0xFF00_0000 | pixels[i];
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
    void theAlphaByteIsIgnored(@TempDir Path directory) throws IOException {
        OpaqueImage image = new OpaqueImage(new int[] {0x80402010, 0x00000000, 0x00777777, 0xFF123456}, 2, 2);
        Path file = directory.resolve("shot.ppm");
        PpmWriter.write(image, file);
        assertArrayEquals(new int[] {0xFF402010, 0xFF000000, 0xFF777777, 0xFF123456},
                PpmImage.read(file).pixels());
    }
}
