package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * JPEG images from a hostile server: any input either decodes inside its image or fails with
 * {@link ImageDecodeException}, whatever ImageIO makes of it. Seeds are written by {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JpegDecoderFuzzTest {
    private final JpegDecoder jpeg = new JpegDecoder(FuzzDestination.LIMITS.maxPixels());

    /** @param input a JPEG */
    @FuzzTest
    void decode(byte[] input) {
        MemorySegment data = MemorySegment.ofArray(input);
        JpegHeader header;
        try {
            header = jpeg.readHeader(data);
        } catch (ImageDecodeException e) {
            return;
        }
        FuzzDestination dst = FuzzDestination.of(header.width(), header.height());
        try {
            jpeg.decode(data, dst.pixels(false));
        } catch (ImageDecodeException e) {
            // Refused: the channel logs it and skips the draw.
        }
        dst.assertMarginsUntouched();
    }
}
