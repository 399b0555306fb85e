package dev.saffron.viewer;

import dev.saffron.viewer.image.OpaqueImage;
import dev.saffron.viewer.image.PngWriter;
import dev.saffron.viewer.image.PpmWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a picture as PNG, or as PPM (the reference client's format) when the file name ends in .ppm. */
final class ImageFiles {
    private ImageFiles() {
    }

    static void write(Path file, int[] argb, int width, int height) throws IOException {
        OpaqueImage image = new OpaqueImage(argb, width, height);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ppm")) {
            PpmWriter.write(image, file);
        } else {
            new PngWriter().write(image, file);
        }
    }
}
