package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * QUIC streams from a hostile server: any input either decodes inside its image or fails with
 * {@link ImageDecodeException}. Seeds: {@code QuicDecoderFuzzTestInputs}, written by {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class QuicDecoderFuzzTest {
    private final QuicDecoder decoder = new QuicDecoder(FuzzDestination.LIMITS.maxPixels());

    @FuzzTest
    void decode(byte[] input) {
        MemorySegment data = MemorySegment.ofArray(input);
        QuicHeader header;
        try {
            header = decoder.readHeader(data);
        } catch (ImageDecodeException e) {
            return;
        }
        FuzzDestination dst = FuzzDestination.of(header.width(), header.height());
        try {
            decoder.decode(data, header, dst.segment(), dst.offset(), dst.stride());
        } catch (ImageDecodeException e) {
            // Refused: what the channel logs and skips. The image may be partly written, within its bounds.
        }
        dst.assertMarginsUntouched();
    }
}
