package dev.saffron.viewer;

import dev.saffron.spice.internal.codec.PngWriter;
import dev.saffron.spice.internal.codec.PpmWriter;
import dev.saffron.spice.internal.display.PixelBuffer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a picture as PNG, or as PPM (the reference client's format) when the file name ends in .ppm. */
final class ImageFiles {
    private ImageFiles() {
    }

    static void write(Path file, int[] argb, int width, int height) throws IOException {
        PixelBuffer image = new PixelBuffer(MemorySegment.ofArray(argb), 0, width, height, width * 4, false);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ppm")) {
            PpmWriter.write(image, file);
        } else {
            new PngWriter().write(image, file);
        }
    }
}
