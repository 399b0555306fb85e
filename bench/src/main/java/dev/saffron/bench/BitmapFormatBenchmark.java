package dev.saffron.bench;

import dev.saffron.spice.internal.codec.BitmapDecoder;
import dev.saffron.spice.internal.codec.BitmapFormat;
import dev.saffron.spice.internal.codec.BitmapHeader;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.codec.Palette;
import dev.saffron.spice.internal.display.PixelBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * BitmapDecoder on each pixel format a BITMAP image may use, at 1920x1080 from random rows (the content does
 * not change a bitmap's cost): the conversions the RGB32 row of {@link CodecBenchmark} does not reach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BitmapFormatBenchmark {
    /** The size decoded. */
    static final int WIDTH = 1920;
    /** The size decoded. */
    static final int HEIGHT = 1080;

    /** The pixel format. */
    @Param({"RGB32", "RGB24", "RGB16", "PALETTE_8", "PALETTE_4_BE", "PALETTE_1_BE"})
    public BitmapFormat format;

    private final BitmapDecoder decoder = new BitmapDecoder(ImageLimits.DEFAULT.maxPixels());
    private final PixelBuffer target = PixelBuffer.allocateHeap(WIDTH, HEIGHT, false);
    private Arena arena;
    private BitmapHeader header;
    private Palette palette;
    private MemorySegment rows;

    /** Makes random rows, off-heap as message bodies are, and a random palette. */
    @Setup
    public void makeRows() {
        SplittableRandom random = new SplittableRandom(format.ordinal());
        int stride = Math.toIntExact(format.minimumStride(WIDTH));
        byte[] bytes = new byte[stride * HEIGHT];
        random.nextBytes(bytes);
        arena = Arena.ofShared();
        rows = arena.allocate(bytes.length).copyFrom(MemorySegment.ofArray(bytes));
        header = new BitmapHeader(format, BitmapHeader.TOP_DOWN, WIDTH, HEIGHT, stride);
        palette = new Palette(1, random.ints(Palette.MAX_INDEXED_ENTRIES).toArray());
    }

    /** Frees the rows. */
    @TearDown
    public void close() {
        arena.close();
    }

    /** Decodes the bitmap once. */
    @Benchmark
    public void decode(PixelCounter counter) throws Exception {
        decoder.decode(header, palette, rows, false, target);
        counter.pixels += (long) WIDTH * HEIGHT;
    }
}
