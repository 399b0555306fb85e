package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * GLZ streams from a hostile server, several per input so that images can reference earlier ones in the
 * window: any input either decodes inside its image or fails with {@link ImageDecodeException}. Each input
 * starts from an empty window. Seeds are written by {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GlzDecoderFuzzTest {
    /** Room for a few images at the fuzzing limits, so that the window also drops images. */
    private static final long WINDOW_PIXELS = 4L * FuzzDestination.LIMITS.maxPixels();

    /** @param input GLZ streams, each preceded by its length as a big-endian u16 */
    @FuzzTest
    void decode(byte[] input) throws InterruptedException {
        ByteBuffer chunks = ByteBuffer.wrap(input);
        try (GlzDecoder decoder = newDecoder()) {
            while (chunks.remaining() >= 2) {
                int length = Math.min(Short.toUnsignedInt(chunks.getShort()), chunks.remaining());
                MemorySegment stream = MemorySegment.ofArray(input).asSlice(chunks.position(), length);
                chunks.position(chunks.position() + length);
                decodeOne(decoder, stream);
            }
        }
    }

    /** @return a decoder with an empty window that does not wait for images it lacks */
    static GlzDecoder newDecoder() {
        return new GlzDecoder(new GlzWindow(WINDOW_PIXELS), FuzzDestination.LIMITS, Duration.ZERO);
    }

    /** Decodes one stream as the image reader would, checking that it stays inside its image. */
    static void decodeOne(GlzDecoder decoder, MemorySegment stream) throws InterruptedException {
        GlzHeader header;
        try {
            header = decoder.parseHeader(stream);
        } catch (ImageDecodeException e) {
            return;
        }
        FuzzDestination dst = FuzzDestination.of(header.width(), header.height());
        try {
            decoder.decode(header, stream, dst.segment(), dst.offset(), dst.stride());
        } catch (ImageDecodeException e) {
            // Refused: the channel logs it and skips the draw.
        }
        dst.assertMarginsUntouched();
    }
}
