package dev.saffron.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One codec alone: an operation decodes the {@link CodecInput} for {@link #codec} and {@link #input}, with
 * no message parsing, caching or drawing around it. Each codec is its own parameter value, so
 * {@code -p codec=QUIC} runs one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    /** Which decoder. */
    @Param({"QUIC", "LZ", "GLZ", "LZ4", "BITMAP", "JPEG", "JPEG_IMAGEIO"})
    public Codec codec;

    /** What it decodes: the codec's images from its corpus recording, or a synthetic screen of a size. */
    @Param({CodecInput.RECORDED, "1280x720", "1920x1080"})
    public String input;

    private CodecInput images;

    /** Loads or synthesizes the input and checks that it decodes. */
    @Setup
    public void load() throws Exception {
        images = CodecInput.load(codec, input);
        images.check(input);
    }

    /** Frees the input's memory. */
    @TearDown
    public void close() {
        images.close();
    }

    /** Decodes every image of the input once. */
    @Benchmark
    public void decode(PixelCounter counter) throws Exception {
        counter.pixels += images.decodeAll();
    }
}
