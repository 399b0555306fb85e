package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * LZ4 images from a hostile server: any input either decodes inside its image or fails with
 * {@link ImageDecodeException}. Seeds are written by {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class Lz4DecoderFuzzTest {
    private final Lz4Decoder decoder = new Lz4Decoder(FuzzDestination.LIMITS);

    /** @param input the descriptor's width - 1 and height - 1 as bytes, then the LZ4 payload */
    @FuzzTest
    void decode(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int width = (input[0] & 0xFF) + 1;
        int height = (input[1] & 0xFF) + 1;
        MemorySegment payload = MemorySegment.ofArray(input).asSlice(2);
        Lz4Header header;
        try {
            header = decoder.parseHeader(payload, width, height);
        } catch (ImageDecodeException e) {
            return;
        }
        FuzzDestination dst = FuzzDestination.of(width, height);
        try {
            decoder.decode(header, payload, dst.segment(), dst.offset(), dst.stride());
        } catch (ImageDecodeException e) {
            // Refused: the channel logs it and skips the draw.
        }
        dst.assertMarginsUntouched();
    }
}
