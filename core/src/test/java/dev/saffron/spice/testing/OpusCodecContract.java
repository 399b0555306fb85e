package dev.saffron.spice.testing;

import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;
import dev.saffron.spice.spi.OpusFormatException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static dev.saffron.spice.testing.OpusSignals.CHANNELS;
import static dev.saffron.spice.testing.OpusSignals.FRAME;
import static dev.saffron.spice.testing.OpusSignals.MAX_FRAME;
import static dev.saffron.spice.testing.OpusSignals.RATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every {@link OpusCodecProvider} must do, run against each by a subclass in the provider's module: a
 * tone survives its own encoder and decoder, and a packet that does not decode or does not fit is refused with
 * the typed exception, nothing written, the decoder still usable.
 */
public abstract class OpusCodecContract {
    /** 128 kbit/s stereo: transparent for a pure tone, so the level is kept to a fraction of a dB. */
    protected static final int BITRATE = 128_000;
    /** The codec's start-up (lookahead and the first frames' ramp), left out of measurements. */
    protected static final int START_UP = RATE / 10;
    /** The test tone's peak amplitudes, different so that swapped channels show. */
    public static final int LEFT_LEVEL = 12_000;
    public static final int RIGHT_LEVEL = 6_000;

    /** @return the provider under test; it must work here */
    protected abstract OpusCodecProvider provider();

    protected final OpusDecoder decoder() {
        return provider().openDecoder(RATE, CHANNELS).orElseThrow(() -> new AssertionError(
                provider().name() + " opens no decoder here"));
    }

    protected final OpusEncoder encoder() {
        return provider().openEncoder(RATE, CHANNELS, BITRATE).orElseThrow(() -> new AssertionError(
                provider().name() + " opens no encoder here"));
    }

    /** @return one second of 1 kHz tone, 20 ms packets, encoded by the provider under test */
    protected final List<byte[]> tonePackets() throws IOException {
        try (OpusEncoder encoder = encoder()) {
            return OpusSignals.encode(encoder, OpusSignals.sine(1000, LEFT_LEVEL, RIGHT_LEVEL, 50));
        }
    }

    /** Asserts that {@code decoded} is the tone of {@link #tonePackets()}: frequency and per-channel level. */
    public static void assertTone(short[] decoded) {
        short[] sent = OpusSignals.sine(1000, LEFT_LEVEL, RIGHT_LEVEL, 50);
        assertEquals(sent.length, decoded.length, "samples decoded");
        for (int channel = 0; channel < CHANNELS; channel++) {
            assertEquals(1000, OpusSignals.frequency(decoded, channel, START_UP), 2, "frequency of channel " + channel);
            assertEquals(OpusSignals.levelDb(sent, channel, START_UP), OpusSignals.levelDb(decoded, channel, START_UP),
                    1, "level of channel " + channel + " in dBFS");
        }
    }

    @Test
    void aToneSurvivesEncodingAndDecoding() throws IOException {
        List<byte[]> packets = tonePackets();
        assertEquals(50, packets.size());
        try (OpusDecoder decoder = decoder()) {
            assertTone(OpusSignals.decode(decoder, packets));
        }
    }

    @Test
    void packetsThatDoNotDecodeAreRefusedAndTheDecoderGoesOn() throws IOException {
        List<byte[]> packets = tonePackets().subList(0, 3);
        short[] expected;
        try (OpusDecoder clean = decoder()) {
            expected = OpusSignals.decode(clean, packets);
        }
        try (OpusDecoder decoder = decoder()) {
            short[] pcm = new short[3 * FRAME * CHANNELS];
            int samples = decoder.decode(packets.get(0), 0, packets.get(0).length, pcm, 0, FRAME);
            for (byte[] bad : OpusSignals.invalid(packets.get(1))) {
                short[] untouched = new short[MAX_FRAME * CHANNELS];
                Arrays.fill(untouched, (short) 0x1234);
                short[] out = untouched.clone();
                assertThrows(OpusFormatException.class, () -> decoder.decode(bad, 0, bad.length, out, 0, MAX_FRAME),
                        () -> "packet " + Arrays.toString(bad));
                assertArrayEquals(untouched, out, "a refused packet wrote samples");
            }
            assertThrows(OpusFormatException.class, () -> decoder.decode(new byte[1], 0, 0, pcm, 0, FRAME),
                    "an empty packet");
            for (byte[] packet : packets.subList(1, 3)) {
                samples += decoder.decode(packet, 0, packet.length, pcm, samples * CHANNELS, FRAME);
            }
            assertArrayEquals(expected, Arrays.copyOf(pcm, samples * CHANNELS),
                    "the refused packets changed what the next ones decode to");
        }
    }

    @Test
    void aPacketLongerThanTheCallerTakesIsRefusedNotOverflowed() throws IOException {
        byte[] fortyMs = OpusSignals.doubled(tonePackets().get(1));
        try (OpusDecoder decoder = decoder()) {
            // The caller takes 20 ms and has a guard of 20 ms more after it, which must stay untouched.
            short[] pcm = new short[2 * FRAME * CHANNELS + 8];
            Arrays.fill(pcm, (short) 0x1234);
            short[] before = pcm.clone();
            assertThrows(OpusFormatException.class, () -> decoder.decode(fortyMs, 0, fortyMs.length, pcm, 8, FRAME));
            assertArrayEquals(before, pcm, "the refused packet wrote samples");
            // The packet itself is valid: with room for 40 ms it decodes.
            assertEquals(2 * FRAME, decoder.decode(fortyMs, 0, fortyMs.length, pcm, 8, 2 * FRAME));
            assertEquals((short) 0x1234, pcm[7], "wrote before pcmOffset");
        }
    }

    @Test
    void rangesOutsideTheArraysAreRefusedBeforeTheCodecRuns() throws IOException {
        byte[] packet = tonePackets().getFirst();
        try (OpusDecoder decoder = decoder(); OpusEncoder encoder = encoder()) {
            short[] pcm = new short[FRAME * CHANNELS];
            assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(packet, 1, packet.length, pcm, 0, FRAME));
            assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(packet, 0, packet.length, pcm, 2, FRAME));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> encoder.encode(pcm, 2, FRAME, new byte[4000], 0, 4000));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> encoder.encode(pcm, 0, FRAME, new byte[100], 0, 4000));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(pcm, 0, 900, new byte[4000], 0, 4000),
                    "900 samples is no Opus frame length");
            // 2.5 ms, the shortest frame, is legal.
            encoder.encode(pcm, 0, RATE / 400, new byte[4000], 0, 4000);
        }
    }

    @Test
    void formatsOpusDoesNotHaveAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> provider().openDecoder(44_100, 2));
        assertThrows(IllegalArgumentException.class, () -> provider().openDecoder(48_000, 3));
        assertThrows(IllegalArgumentException.class, () -> provider().openEncoder(48_000, 2, 100));
    }

    @Test
    void aClosedCodecRefusesWorkAndClosesTwice() throws IOException {
        byte[] packet = tonePackets().getFirst();
        OpusDecoder decoder = decoder();
        decoder.close();
        decoder.close();
        assertThrows(IllegalStateException.class,
                () -> decoder.decode(packet, 0, packet.length, new short[FRAME * CHANNELS], 0, FRAME));
        OpusEncoder encoder = encoder();
        encoder.close();
        encoder.close();
        assertThrows(IllegalStateException.class,
                () -> encoder.encode(new short[FRAME * CHANNELS], 0, FRAME, new byte[4000], 0, 4000));
    }
}
