package dev.saffron.gl.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.ClipboardType;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hostile clipboard images, as a guest (or a host program) may offer them, converted to another format the way
 * a paste asks for: nothing may throw but {@link IOException}, decode more pixels than the limit, or hang.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClipboardImagesFuzzTest {
    private static final List<ClipboardType> IMAGES = List.of(ClipboardType.IMAGE_PNG, ClipboardType.IMAGE_BMP,
            ClipboardType.IMAGE_TIFF, ClipboardType.IMAGE_JPG);

    /** @param input a byte choosing the source and target formats, then the image's bytes */
    @FuzzTest
    void convert(byte[] input) {
        if (input.length < 1) {
            return;
        }
        ClipboardType from = IMAGES.get((input[0] & 0xFF) % IMAGES.size());
        // Never the same format: that passes the bytes on unread.
        int step = 1 + (input[0] & 0xFF) / IMAGES.size() % (IMAGES.size() - 1);
        ClipboardType to = IMAGES.get((IMAGES.indexOf(from) + step) % IMAGES.size());
        try {
            ClipboardImages.convert(Arrays.copyOfRange(input, 1, input.length), from, to);
        } catch (IOException expected) {
            // Malformed or too large: refused, as a paste of it is.
        }
    }
}
