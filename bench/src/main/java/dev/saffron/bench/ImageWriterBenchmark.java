package dev.saffron.bench;

import dev.saffron.viewer.image.OpaqueImage;
import dev.saffron.viewer.image.PngWriter;
import dev.saffron.viewer.image.PpmWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * The screenshot writers ({@code saffron screenshot}, {@code saffron replay}) on a synthetic 1920x1080
 * {@link ScreenContent} screen: PNG at the default level with each row filter, and PPM. The bytes go to a
 * stream that only counts them, so no disk is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ImageWriterBenchmark {
    /** The size written. */
    static final int WIDTH = 1920;
    /** The size written. */
    static final int HEIGHT = 1080;

    /** The file format, and for PNG the row filter. */
    @Param({"PNG_NONE", "PNG_SUB", "PNG_UP", "PNG_PAETH", "PPM"})
    public String format;

    private OpaqueImage screen;
    private final Discard out = new Discard();
    private PngWriter png;

    /** Counts bytes and drops them. */
    private static final class Discard extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Draws the screen and picks the writer. */
    @Setup
    public void prepare() {
        screen = new OpaqueImage(new ScreenContent(WIDTH, HEIGHT).frame(0), WIDTH, HEIGHT);
        png = format.startsWith("PNG_")
                ? new PngWriter(PngWriter.DEFAULT_LEVEL, PngWriter.Filter.valueOf(format.substring(4))) : null;
    }

    /** Writes the screen once. */
    @Benchmark
    public long write(PixelCounter counter) throws IOException {
        if (png != null) {
            png.write(screen, out);
        } else {
            PpmWriter.write(screen, out);
        }
        counter.pixels += (long) WIDTH * HEIGHT;
        return out.count;
    }
}
