package dev.saffron.viewer.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an {@link OpaqueImage} as a binary PPM (P6, maxval 255), the format spice-gtk's
 * {@code spicy-screenshot} writes.
 */
public final class PpmWriter {
    private PpmWriter() {
    }

    /**
     * Writes the image to a file, replacing it.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(OpaqueImage image, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(image, out);
        }
    }

    /**
     * Writes the image to a stream, which is left open.
     *
     * @throws IOException if the stream fails
     */
    public static void write(OpaqueImage image, OutputStream out) throws IOException {
        int width = image.width();
        out.write(("P6\n" + width + " " + image.height() + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        int[] pixels = image.pixels();
        byte[] row = new byte[3 * width];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0, i = 0; x < width; x++, i += 3) {
                int p = pixels[y * width + x];
                row[i] = (byte) (p >>> 16);
                row[i + 1] = (byte) (p >>> 8);
                row[i + 2] = (byte) p;
            }
            out.write(row);
        }
    }
}
