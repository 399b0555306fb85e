package dev.saffron.bench;

import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.spi.VideoDecoder;
import dev.saffron.spice.spi.VideoDecoderProvider;
import dev.saffron.spice.testing.EncodedVideo;
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
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * The native video decoder alone (native-bindings' FFmpeg binding, through core's service interface): an
 * operation decodes a whole stream, key frame first, into BGRX pixels as a display channel does. Pixels per
 * second is the figure to read; frames per second is that over the size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VideoDecodeBenchmark {
    /** Frames in the stream, one operation. */
    static final int FRAMES = 50;

    /** Which codec. */
    @Param({"VP8", "H264"})
    public VideoCodec codec;

    /** The stream's size: the animated test guest's, and a desktop's. */
    @Param({"320x200", "1280x720"})
    public String size;

    private EncodedVideo video;
    private List<MemorySegment> frames;
    private VideoDecoderProvider provider;
    private Arena arena;
    private MemorySegment pixels;

    /** Encodes the stream and checks that the installed provider decodes the codec. */
    @Setup
    public void load() throws Exception {
        String[] parts = size.split("x");
        video = EncodedVideo.encode(codec, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), FRAMES);
        provider = ServiceLoader.load(VideoDecoderProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.codecs().contains(codec)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no video decoder for " + codec));
        arena = Arena.ofConfined();
        frames = video.frames().stream()
                .map(frame -> arena.allocate(frame.length).copyFrom(MemorySegment.ofArray(frame))).toList();
        pixels = arena.allocate(4L * video.width() * video.height());
        if (decodeAll() != (long) FRAMES * video.width() * video.height()) {
            throw new IllegalStateException("not every frame of the " + codec + " stream decoded");
        }
    }

    /** Frees the frames and pixels. */
    @TearDown
    public void close() {
        arena.close();
    }

    /** Decodes every frame of the stream once, with a decoder opened for it. */
    @Benchmark
    public void decode(PixelCounter counter) throws IOException {
        counter.pixels += decodeAll();
    }

    private long decodeAll() throws IOException {
        long decoded = 0;
        try (VideoDecoder decoder = provider.open(codec, video.width(), video.height())) {
            for (MemorySegment frame : frames) {
                if (decoder.decode(frame, pixels, 4 * video.width())) {
                    decoded += (long) video.width() * video.height();
                }
            }
        }
        return decoded;
    }
}
