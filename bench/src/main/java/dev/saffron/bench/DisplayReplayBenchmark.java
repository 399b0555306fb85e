package dev.saffron.bench;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayReplay;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The whole display path: an operation plays a corpus recording with {@link DisplayReplay#play(boolean)
 * play(false)}, through framing, message parsing, image decoding, caching and drawing into a fresh display
 * channel's surfaces.
 *
 * <p>The video recording is the exception: it plays paced, in real time, and the operation waits until the
 * presenter thread has drawn or dropped every frame. Unpaced, its frames arrive faster than any server sends
 * them, so most are dropped (at most 32 wait per stream) and the figure would measure the drop policy; paced,
 * every frame is decoded and drawn, so bytes per operation are those of a live session showing that video,
 * and operations per second are bound by the recording's length, not the CPU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DisplayReplayBenchmark {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The corpus recording's name. */
    @Param({"quic", "glz", "lz", "auto_glz", "auto_lz", "off", "lz4", "jpeg", "video"})
    public String recording;

    private DisplayReplay replay;
    private boolean video;
    private long pixels;

    /** Opens the recording, counts its image pixels, and plays it once to check that it decodes cleanly. */
    @Setup
    public void open() throws Exception {
        CorpusRecording corpus = CorpusRecording.byStem(recording);
        video = corpus.video();
        try (Arena arena = Arena.ofConfined()) {
            pixels = RecordedImages.extract(corpus.file(), arena).images().stream()
                    .mapToLong(ImagePayload::pixels).sum();
        }
        replay = DisplayReplay.open(corpus.file());
        DisplayChannel display = play();
        if (display.decodeErrors() > 0) {
            throw new IllegalStateException(recording + ": " + display.decodeErrors() + " images failed to decode");
        }
    }

    /** Frees the surfaces of the last play. */
    @TearDown
    public void close() {
        replay.close();
    }

    /** Plays the recording once. */
    @Benchmark
    public DisplayChannel play(PixelCounter counter) throws Exception {
        DisplayChannel display = play();
        counter.pixels += pixels;
        return display;
    }

    private DisplayChannel play() throws Exception {
        DisplayChannel display = replay.play(video);
        if (video) {
            replay.drain(DRAIN_TIMEOUT);
        }
        return display;
    }
}
