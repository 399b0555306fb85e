package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The LZ alpha plane of JPEG_ALPHA images (XXXA streams) from a hostile server, through
 * {@link LzDecoder#decodeAlpha}: any input either fills the alpha bytes of its image or fails with
 * {@link ImageDecodeException}. Seeds are written by {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LzAlphaPlaneFuzzTest {
    private final LzDecoder decoder = new LzDecoder(FuzzDestination.LIMITS);

    /** @param input an LZ stream, meant to be the XXXA alpha plane of a JPEG_ALPHA image */
    @FuzzTest
    void decode(byte[] input) {
        MemorySegment stream = MemorySegment.ofArray(input);
        LzHeader header;
        try {
            header = decoder.parseHeader(stream);
        } catch (ImageDecodeException e) {
            return;
        }
        FuzzDestination dst = FuzzDestination.of(header.width(), header.height());
        try {
            decoder.decodeAlpha(header, stream, dst.segment(), dst.offset(), dst.stride());
        } catch (ImageDecodeException e) {
            // Refused: the channel logs it and skips the draw.
        }
        dst.assertMarginsUntouched();
    }
}
