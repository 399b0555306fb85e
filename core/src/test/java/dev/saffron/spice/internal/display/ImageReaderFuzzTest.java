package dev.saffron.spice.internal.display;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.codec.GlzWindow;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.wire.WireReader;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * SpiceImages in a display message body from a hostile server: reading one either gives pixels of the
 * descriptor's size or fails with {@link ImageDecodeException} (the draw is skipped) or {@link SpiceException}
 * (the message is malformed). Several images per input share the caches, so FROM_CACHE, palette caching and
 * GLZ references work across them. Seeds are written by {@code codec.FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ImageReaderFuzzTest {
    private static final ImageLimits LIMITS = new ImageLimits(1024, 1024, 1 << 16);
    private static final int SURFACE_ID = 0;
    private static final int SURFACE_SIZE = 16;
    private static final ImageReader.Role[] ROLES = ImageReader.Role.values();

    /**
     * @param input the message body. It starts with a count byte (1 + its low two bits images), then per image
     *              a u32 pointer into the body and a role byte, all little-endian
     */
    @FuzzTest
    void read(byte[] input) throws InterruptedException {
        if (input.length == 0) {
            return;
        }
        PixelBuffer surface = PixelBuffer.allocateHeap(SURFACE_SIZE, SURFACE_SIZE, false);
        SharedDisplayState shared = new SharedDisplayState(new ImageCache(2L * LIMITS.maxPixels()),
                new GlzWindow(2L * LIMITS.maxPixels()), 2L * LIMITS.maxPixels(), 2 * LIMITS.maxPixels());
        int images = (input[0] & 3) + 1;
        ByteBuffer table = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        WireReader body = new WireReader(MemorySegment.ofArray(input), "fuzzed display message");
        try (shared; ImageReader reader = new ImageReader(shared, id -> id == SURFACE_ID ? surface : null, LIMITS,
                Duration.ZERO)) {
            for (int i = 0; i < images && 6 + 5 * i <= input.length; i++) {
                long pointer = Integer.toUnsignedLong(table.getInt(1 + 5 * i));
                ImageReader.Role role = ROLES[(input[5 + 5 * i] & 0xFF) % ROLES.length];
                try {
                    ImageReader.Image image = reader.read(body, pointer, role);
                    PixelBuffer pixels = image.pixels();
                    if ((long) pixels.width() * pixels.height() > LIMITS.maxPixels()) {
                        throw new AssertionError("image of " + pixels.width() + "x" + pixels.height()
                                + " passed the limits");
                    }
                } catch (ImageDecodeException | SpiceException e) {
                    // Refused: the channel skips the draw, or ends on a malformed message.
                }
            }
        }
    }
}
