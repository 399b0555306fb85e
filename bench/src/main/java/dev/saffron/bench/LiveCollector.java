package dev.saffron.bench;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Saffron's side of the live benchmark ({@code scripts/bench-live}): a headless client that measures a live
 * SPICE session exactly as the C reference collector ({@code bench/src/main/c/reference-collector.c}) measures
 * spice-client-glib's, and prints one {@link LiveSample} per warm-up as a JSON line.
 *
 * <p>{@code LiveCollector HOST PORT WARMUPS_MS WINDOW_MS}. The first invalidate of display 0's primary surface
 * ends the time to first frame (counted from just before connecting). From then on a 16 ms ticker publishes a
 * frame whenever something was invalidated since the previous tick, copying the union of the invalidated
 * rectangles out of the surface, as a renderer would; missed ticks are skipped, not caught up. WARMUPS_MS is
 * one warm-up or several, comma-separated (a warm-up sweep, such as {@code 2000,10000,45000}): after each, a
 * window of WINDOW_MS is measured (windows may overlap) and printed as one sample line: CPU time is the
 * process's user + system time, which the JDK reads from {@code /proc/self/stat} like the C collector, and
 * peak RSS is {@code VmHWM} from {@code /proc/self/status}, read at the window's end.
 */
public final class LiveCollector {
    static final long TICK_NANOS = 16_000_000;
    private static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(60);
    private static final long NANOS_PER_MS = 1_000_000;

    private enum Phase { CONNECTING, RUNNING, DONE }

    private final long[] warmupNanos;
    private final long windowNanos;
    private final CompletableFuture<List<LiveSample>> result = new CompletableFuture<>();
    private final PixelCopier copier = new PixelCopier();
    private final List<LiveSample> samples = new ArrayList<>();
    /** Per warm-up: where its window started, null until then. */
    private final Counters[] windowStarts;
    /** Per warm-up: whether its window has ended and its sample was taken. */
    private final boolean[] windowEnded;
    private Phase phase = Phase.CONNECTING;
    private long connectNanos;
    private long firstFrameNanos;
    private DisplaySurface surface;
    private boolean dirty;
    private int dirtyLeft;
    private int dirtyTop;
    private int dirtyRight;
    private int dirtyBottom;
    /** Counted from the first frame on; a window's figures are differences. */
    private long invalidates;
    private long invalidatedPixels;
    private long frames;
    private long publishedPixels;
    private int windowsLeft;

    /** The counters, the clock and the CPU time at one moment. */
    private record Counters(long nanos, double cpuMs, long frames, long publishedPixels, long invalidates,
                            long invalidatedPixels) {
    }

    private LiveCollector(long[] warmupNanos, long windowNanos) {
        this.warmupNanos = warmupNanos;
        this.windowNanos = windowNanos;
        this.windowStarts = new Counters[warmupNanos.length];
        this.windowEnded = new boolean[warmupNanos.length];
        this.windowsLeft = warmupNanos.length;
    }

    /** The system property that sets {@link SessionConfig#decodeThreads()} for a run; the default otherwise. */
    static final String DECODE_THREADS_PROPERTY = "saffron.bench.decodeThreads";

    /** @param args host, port, warm-ups (comma-separated) and window in milliseconds */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LiveCollector HOST PORT WARMUPS_MS WINDOW_MS");
            System.exit(2);
        }
        long[] warmups = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong)
                .map(ms -> ms * NANOS_PER_MS).toArray();
        long window = Long.parseLong(args[3]);
        if (Arrays.stream(warmups).anyMatch(warmup -> warmup < 0) || window <= 0) {
            System.err.println("LiveCollector: every warm-up must be >= 0 and WINDOW_MS > 0");
            System.exit(2);
        }
        LiveCollector collector = new LiveCollector(warmups, window * NANOS_PER_MS);
        SessionConfig.Builder config = SessionConfig.builder().host(args[0]).port(Integer.parseInt(args[1]));
        // A variant of scripts/bench-live may set the display's decode threads, to pair them against the default.
        Integer decodeThreads = Integer.getInteger(DECODE_THREADS_PROPERTY);
        if (decodeThreads != null) {
            config.decodeThreads(decodeThreads);
        }
        SpiceSession session = new SpiceSession(config.build());
        session.addListener(collector.new Listener());
        List<LiveSample> samples;
        synchronized (collector) {
            collector.connectNanos = System.nanoTime();
        }
        try {
            session.connect();
            samples = collector.result.get(FIRST_FRAME_TIMEOUT.toNanos() + Arrays.stream(warmups).max().orElseThrow()
                    + collector.windowNanos, TimeUnit.NANOSECONDS);
        } catch (SpiceException | ExecutionException | TimeoutException e) {
            System.err.println("LiveCollector: " + (e instanceof ExecutionException ? e.getCause() : e));
            System.exit(1);
            return;
        }
        for (LiveSample sample : samples) {
            System.out.println(sample.toJson());
        }
        System.out.flush();
        // Like the C collector, leave without a goodbye: the process's end closes the sockets.
        Runtime.getRuntime().halt(0);
    }

    private synchronized void primaryCreated(DisplaySurface created) {
        surface = created;
        dirty = false;
    }

    private synchronized void primaryDestroyed() {
        surface = null;
        dirty = false;
    }

    private synchronized void invalidate(int x, int y, int width, int height) {
        long now = System.nanoTime();
        if (surface == null || phase == Phase.DONE) {
            return;
        }
        int left = Math.max(x, 0);
        int top = Math.max(y, 0);
        int right = Math.min(x + width, surface.width());
        int bottom = Math.min(y + height, surface.height());
        if (left >= right || top >= bottom) {
            return;
        }
        if (phase == Phase.CONNECTING) {
            phase = Phase.RUNNING;
            firstFrameNanos = now;
            Thread.ofPlatform().daemon().name("live-collector-ticker").start(this::tickLoop);
        }
        invalidates++;
        invalidatedPixels += (long) (right - left) * (bottom - top);
        if (dirty) {
            dirtyLeft = Math.min(dirtyLeft, left);
            dirtyTop = Math.min(dirtyTop, top);
            dirtyRight = Math.max(dirtyRight, right);
            dirtyBottom = Math.max(dirtyBottom, bottom);
        } else {
            dirty = true;
            dirtyLeft = left;
            dirtyTop = top;
            dirtyRight = right;
            dirtyBottom = bottom;
        }
    }

    private void tickLoop() {
        long next;
        synchronized (this) {
            next = firstFrameNanos + TICK_NANOS;
        }
        while (true) {
            for (long left = next - System.nanoTime(); left > 0; left = next - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            long now = System.nanoTime();
            if (!tick(now)) {
                return;
            }
            do {
                next += TICK_NANOS;
            } while (next <= now);
        }
    }

    /** @return whether to keep ticking */
    private synchronized boolean tick(long now) {
        if (phase != Phase.RUNNING) {
            return false;
        }
        publish();
        for (int i = 0; i < warmupNanos.length; i++) {
            Counters start = windowStarts[i];
            if (start == null && now - firstFrameNanos >= warmupNanos[i]) {
                windowStarts[i] = counters(now);
            } else if (start != null && !windowEnded[i] && now - start.nanos() >= windowNanos) {
                Counters end = counters(now);
                samples.add(new LiveSample("saffron", warmupNanos[i] / 1e6, (firstFrameNanos - connectNanos) / 1e6,
                        (end.nanos() - start.nanos()) / 1e6, end.frames() - start.frames(),
                        end.publishedPixels() - start.publishedPixels(), end.invalidates() - start.invalidates(),
                        end.invalidatedPixels() - start.invalidatedPixels(), end.cpuMs() - start.cpuMs(),
                        end.cpuMs(), peakRssKib()));
                windowEnded[i] = true;
                windowsLeft--;
            }
        }
        if (windowsLeft == 0) {
            phase = Phase.DONE;
            result.complete(List.copyOf(samples));
            return false;
        }
        return true;
    }

    private Counters counters(long now) {
        return new Counters(now, cpuMs(), frames, publishedPixels, invalidates, invalidatedPixels);
    }

    private void publish() {
        if (!dirty || surface == null) {
            return;
        }
        try {
            surface.read(copier);
        } catch (IllegalStateException destroyed) {
            dirty = false;
            return;
        }
        frames++;
        publishedPixels += (long) (dirtyRight - dirtyLeft) * (dirtyBottom - dirtyTop);
        dirty = false;
    }

    private synchronized void fail(String why) {
        if (phase != Phase.DONE) {
            phase = Phase.DONE;
            result.completeExceptionally(new IOException(why));
        }
    }

    private static double cpuMs() {
        return ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the JDK cannot read this process's CPU time"))
                .toNanos() / 1e6;
    }

    private static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Copies the dirty rectangle's rows into a private buffer; runs under the surface's read lock. */
    private final class PixelCopier implements DisplaySurface.PixelReader<Void> {
        private MemorySegment copy = MemorySegment.NULL;

        @Override
        public Void read(MemorySegment pixels, int width, int height, int stride) {
            if (copy.byteSize() < (long) stride * height) {
                copy = Arena.ofAuto().allocate((long) stride * height, 64);
            }
            long rowBytes = (dirtyRight - dirtyLeft) * 4L;
            for (int y = dirtyTop; y < dirtyBottom; y++) {
                long offset = (long) y * stride + dirtyLeft * 4L;
                MemorySegment.copy(pixels, offset, copy, offset, rowBytes);
            }
            return null;
        }
    }

    /** Hears the session and display 0 on the session's event thread. */
    private final class Listener implements SessionListener, DisplayChannelListener {
        @Override
        public void channelNew(SpiceChannel channel) {
            if (channel instanceof DisplayChannel display && display.id() == 0) {
                display.addListener(this);
            }
        }

        @Override
        public void primarySurfaceCreated(DisplayChannel channel, DisplaySurface created) {
            LiveCollector.this.primaryCreated(created);
        }

        @Override
        public void primarySurfaceDestroyed(DisplayChannel channel, DisplaySurface destroyed) {
            LiveCollector.this.primaryDestroyed();
        }

        @Override
        public void invalidate(DisplayChannel channel, int x, int y, int width, int height) {
            LiveCollector.this.invalidate(x, y, width, height);
        }

        @Override
        public void sessionClosed(SpiceException error) {
            fail("the session closed before the measurement ended" + (error == null ? "" : ": " + error));
        }
    }
}
