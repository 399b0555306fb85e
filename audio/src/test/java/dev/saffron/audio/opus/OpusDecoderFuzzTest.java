package dev.saffron.audio.opus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opus packets from a hostile server, one after another into one decoder of each installed provider (libopus
 * and concentus): each decodes to at most the samples the caller takes, or is refused with
 * {@link OpusFormatException}; nothing else is thrown and nothing is written outside the caller's range.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OpusDecoderFuzzTest {
    private static final short GUARD = 0x5A5A;
    /** The caller's room per packet: 2.5 ms to 120 ms at 48 kHz, and a size no frame has. */
    private static final int[] MAX_SAMPLES = {120, 480, 960, 1000, 2880, 5760};

    /**
     * @param input a format byte (bit 0: stereo; bits 1 to 3: the caller's room, from {@link #MAX_SAMPLES}),
     *              then packets, each a big-endian u16 length and its bytes
     */
    @FuzzTest
    void packets(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        int channels = 1 + (input[0] & 1);
        int max = MAX_SAMPLES[((input[0] >> 1) & 7) % MAX_SAMPLES.length];
        List<OpusDecoder> decoders = new ArrayList<>();
        for (OpusCodecProvider provider : ServiceLoader.load(OpusCodecProvider.class)) {
            decoders.add(provider.openDecoder(48_000, channels).orElseThrow());
        }
        assertEquals(2, decoders.size(), "libopus and concentus");
        // The caller's range sits in the middle of the array, guarded on both sides.
        int offset = 7;
        short[] pcm = new short[offset + max * channels + 7];
        ByteBuffer packets = ByteBuffer.wrap(input, 1, input.length - 1);
        try {
            while (packets.remaining() >= 2) {
                int length = Math.min(Short.toUnsignedInt(packets.getShort()), packets.remaining());
                int at = packets.position();
                packets.position(at + length);
                for (OpusDecoder decoder : decoders) {
                    Arrays.fill(pcm, GUARD);
                    try {
                        int samples = decoder.decode(input, at, length, pcm, offset, max);
                        assertTrue(samples >= 0 && samples <= max, () -> samples + " samples for room of " + max);
                    } catch (OpusFormatException refused) {
                        // A corrupt packet: what the channel counts and drops.
                    }
                    for (int i = 0; i < offset; i++) {
                        assertEquals(GUARD, pcm[i], "wrote before the caller's range");
                    }
                    for (int i = offset + max * channels; i < pcm.length; i++) {
                        assertEquals(GUARD, pcm[i], "wrote after the caller's range");
                    }
                }
            }
        } finally {
            decoders.forEach(OpusDecoder::close);
        }
    }
}
