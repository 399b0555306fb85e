package dev.saffron.bench;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;

import java.time.Duration;
import java.util.Arrays;

/**
 * The CPU path of GL scanouts, per GL_DRAW: arrival -> picture ready in the primary surface -> GL_DRAW_DONE
 * queued for the server, as p50/p95/p99 over the draws of a running {@code scripts/gl-scanout-server --animate}
 * (or {@code --animate-full}), plus the draws answered per second. The server sends the next draw only once the
 * last was answered, so the rate is the whole round trip's. Run by {@code scripts/gl-scanout-bench}.
 *
 * <p>Usage: {@code GlScanoutLatency SOCKET LABEL [DRAWS]} (default 2000 draws after 200 of warm-up).
 */
public final class GlScanoutLatency {
    private static final int WARM_UP = 200;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private GlScanoutLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GlScanoutLatency SOCKET LABEL [DRAWS]");
            System.exit(2);
        }
        int draws = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        SessionConfig config = SessionConfig.builder().unixPath(args[0]).glScanout(true).build();
        try (SpiceSession session = new SpiceSession(config)) {
            session.connect();
            DisplayChannel display = session.awaitChannels(WAIT).stream()
                    .filter(channel -> channel.type() == ChannelType.DISPLAY).map(DisplayChannel.class::cast)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no display channel"));
            awaitDraws(display, WARM_UP);
            long startCount = display.glDrawsAnswered();
            long start = System.nanoTime();
            awaitDraws(display, startCount + draws);
            double seconds = (System.nanoTime() - start) / 1e9;
            long counted = display.glDrawsAnswered() - startCount;
            long[] ready = last(display.glDrawReadyNanos(), draws);
            long[] done = last(display.glDrawDoneNanos(), draws);
            System.out.printf("%-14s %5d draws  %7.0f draws/s  ready p50 %6.1f p95 %6.1f p99 %6.1f us"
                            + "  done p50 %6.1f p95 %6.1f p99 %6.1f us%n", args[1], ready.length, counted / seconds,
                    micros(ready, 50), micros(ready, 95), micros(ready, 99),
                    micros(done, 50), micros(done, 95), micros(done, 99));
        }
    }

    private static void awaitDraws(DisplayChannel display, long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (display.glDrawsAnswered() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + display.glDrawsAnswered() + " GL_DRAWs within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    private static long[] last(long[] values, int count) {
        return Arrays.copyOfRange(values, Math.max(0, values.length - count), values.length);
    }

    /** @return the nearest-rank percentile, in microseconds */
    private static double micros(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1000.0;
    }
}
