package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * LZ_RGB and LZ_PLT streams from a hostile server: any input either decodes
 * inside its image or fails with {@link ImageDecodeException}. Seeds are written by {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LzDecoderFuzzTest {
    private final LzDecoder decoder = new LzDecoder(FuzzDestination.LIMITS);

    /** @param input a palette size (0: no palette, as for LZ_RGB), then the LZ stream */
    @FuzzTest
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Palette palette = palette(input[0] & 0xFF);
        MemorySegment stream = MemorySegment.ofArray(input).asSlice(1);
        LzHeader header;
        try {
            header = decoder.parseHeader(stream);
        } catch (ImageDecodeException e) {
            return;
        }
        FuzzDestination dst = FuzzDestination.of(header.width(), header.height());
        try {
            decoder.decode(header, stream, palette, dst.segment(), dst.offset(), dst.stride());
        } catch (ImageDecodeException e) {
            // Refused: the channel logs it and skips the draw.
        }
        dst.assertMarginsUntouched();
    }

    /** @return a palette of {@code size} distinct colours, or null for 0 */
    static Palette palette(int size) {
        if (size == 0) {
            return null;
        }
        int[] colors = new int[size];
        Arrays.setAll(colors, i -> i * 0x010305 | i << 24);
        return new Palette(size, colors);
    }
}
