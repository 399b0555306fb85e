package dev.saffron.bench;

import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;
import dev.saffron.spice.testing.OpusSignals;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static dev.saffron.spice.testing.OpusSignals.CHANNELS;
import static dev.saffron.spice.testing.OpusSignals.FRAME;
import static dev.saffron.spice.testing.OpusSignals.RATE;

/**
 * One Opus provider alone (libopus from native-bindings, concentus from audio, through core's service
 * interface): an operation decodes or encodes one 20 ms frame at 48 kHz stereo, the playback and record
 * channels' format, at 128 kbit/s. The sound is a tone over noise, one second of it, coded in a loop. Operations
 * per second divided by 50 is how many times faster than real time the codec runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpusBenchmark {
    /** Frames in the loop: one second. */
    static final int FRAMES = 50;
    /** The bit rate the frames are encoded at, in bit/s. */
    static final int BITRATE = 128_000;

    /** Which provider, by its name. */
    @Param({"libopus", "concentus"})
    public String provider;

    private short[] pcm;
    private List<byte[]> packets;
    private OpusDecoder decoder;
    private OpusEncoder encoder;
    private final short[] decoded = new short[OpusSignals.MAX_FRAME * CHANNELS];
    private final byte[] packet = new byte[OpusSignals.MAX_PACKET];
    private int next;

    /** Makes the sound and its packets, and opens the provider's decoder and encoder. */
    @Setup
    public void open() throws IOException {
        OpusCodecProvider codec = ServiceLoader.load(OpusCodecProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(candidate -> candidate.name().equals(provider)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Opus provider " + provider));
        pcm = OpusSignals.sine(1000, 8000, 6000, FRAMES);
        Random noise = new Random(1);
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] += (short) (noise.nextGaussian() * 1000);
        }
        try (OpusEncoder setup = codec.openEncoder(RATE, CHANNELS, BITRATE).orElseThrow()) {
            packets = OpusSignals.encode(setup, pcm);
        }
        decoder = codec.openDecoder(RATE, CHANNELS).orElseThrow();
        encoder = codec.openEncoder(RATE, CHANNELS, BITRATE).orElseThrow();
    }

    /** Frees the decoder and encoder. */
    @TearDown
    public void close() {
        decoder.close();
        encoder.close();
    }

    /** Decodes the next packet of the loop. */
    @Benchmark
    public int decode() throws IOException {
        byte[] frame = packets.get(next);
        next = (next + 1) % FRAMES;
        return decoder.decode(frame, 0, frame.length, decoded, 0, OpusSignals.MAX_FRAME);
    }

    /** Encodes the next frame of the loop. */
    @Benchmark
    public int encode() throws IOException {
        int at = next * FRAME * CHANNELS;
        next = (next + 1) % FRAMES;
        return encoder.encode(pcm, at, FRAME, packet, 0, packet.length);
    }
}
