package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * ZLIB_GLZ_RGB payloads from a hostile server, through {@link GlzDecoder#inflate} and then the GLZ decoder:
 * any input either decodes inside its image or fails with {@link ImageDecodeException}, and the declared size
 * is never trusted for an allocation beyond what the image can need. Seeds are written by
 * {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ZlibGlzFuzzTest {
    /** @param input the declared GLZ size as a big-endian u32, then the zlib payload of a ZLIB_GLZ_RGB image */
    @FuzzTest
    void decode(byte[] input) throws InterruptedException {
        if (input.length < 4) {
            return;
        }
        long declared = Integer.toUnsignedLong(ByteBuffer.wrap(input).getInt());
        try (GlzDecoder decoder = GlzDecoderFuzzTest.newDecoder()) {
            MemorySegment stream;
            try {
                stream = decoder.inflate(MemorySegment.ofArray(input).asSlice(4), declared);
            } catch (ImageDecodeException e) {
                return;
            }
            GlzDecoderFuzzTest.decodeOne(decoder, stream);
        }
    }
}
