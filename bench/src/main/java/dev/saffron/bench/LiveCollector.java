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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Saffron's side of the live benchmark ({@code scripts/bench-live}): a headless client that measures a live
 * SPICE session exactly as the C reference collector ({@code bench/src/main/c/reference-collector.c}) measures
 * spice-client-glib's, and prints one {@link LiveSample} as a JSON line.
 *
 * <p>{@code LiveCollector HOST PORT WARMUP_MS WINDOW_MS}. The first invalidate of display 0's primary surface
 * ends the time to first frame (counted from just before connecting). From then on a 16 ms ticker publishes a
 * frame whenever something was invalidated since the previous tick, copying the union of the invalidated
 * rectangles out of the surface, as a renderer would; missed ticks are skipped, not caught up. After the
 * warm-up the counters restart and the window is measured: CPU time is the process's user + system time,
 * which the JDK reads from {@code /proc/self/stat} like the C collector, and peak RSS is {@code VmHWM} from
 * {@code /proc/self/status}.
 */
public final class LiveCollector {
    static final long TICK_NANOS = 16_000_000;
    private static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(60);
    private static final long NANOS_PER_MS = 1_000_000;

    private enum Phase { CONNECTING, WARMING_UP, MEASURING, DONE }

    private final long warmupNanos;
    private final long windowNanos;
    private final CompletableFuture<LiveSample> result = new CompletableFuture<>();
    private final PixelCopier copier = new PixelCopier();
    private Phase phase = Phase.CONNECTING;
    private long connectNanos;
    private long firstFrameNanos;
    private long windowStartNanos;
    private double windowStartCpuMs;
    private DisplaySurface surface;
    private boolean dirty;
    private int dirtyLeft;
    private int dirtyTop;
    private int dirtyRight;
    private int dirtyBottom;
    private long invalidates;
    private long invalidatedPixels;
    private long frames;
    private long publishedPixels;

    private LiveCollector(long warmupNanos, long windowNanos) {
        this.warmupNanos = warmupNanos;
        this.windowNanos = windowNanos;
    }

    /** @param args host, port, warm-up and window in milliseconds */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LiveCollector HOST PORT WARMUP_MS WINDOW_MS");
            System.exit(2);
        }
        long warmup = Long.parseLong(args[2]);
        long window = Long.parseLong(args[3]);
        if (warmup < 0 || window <= 0) {
            System.err.println("LiveCollector: WARMUP_MS must be >= 0 and WINDOW_MS > 0");
            System.exit(2);
        }
        LiveCollector collector = new LiveCollector(warmup * NANOS_PER_MS, window * NANOS_PER_MS);
        SpiceSession session = new SpiceSession(SessionConfig.builder()
                .host(args[0]).port(Integer.parseInt(args[1])).build());
        session.addListener(collector.new Listener());
        LiveSample sample;
        synchronized (collector) {
            collector.connectNanos = System.nanoTime();
        }
        try {
            session.connect();
            sample = collector.result.get(FIRST_FRAME_TIMEOUT.toNanos() + collector.warmupNanos
                    + collector.windowNanos, TimeUnit.NANOSECONDS);
        } catch (SpiceException | ExecutionException | TimeoutException e) {
            System.err.println("LiveCollector: " + (e instanceof ExecutionException ? e.getCause() : e));
            System.exit(1);
            return;
        }
        System.out.println(sample.toJson());
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
            phase = Phase.WARMING_UP;
            firstFrameNanos = now;
            Thread.ofPlatform().daemon().name("live-collector-ticker").start(this::tickLoop);
        }
        if (phase == Phase.MEASURING) {
            invalidates++;
            invalidatedPixels += (long) (right - left) * (bottom - top);
        }
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
        publish();
        if (phase == Phase.WARMING_UP && now - firstFrameNanos >= warmupNanos) {
            phase = Phase.MEASURING;
            windowStartNanos = now;
            windowStartCpuMs = cpuMs();
            frames = publishedPixels = invalidates = invalidatedPixels = 0;
        } else if (phase == Phase.MEASURING && now - windowStartNanos >= windowNanos) {
            phase = Phase.DONE;
            double cpu = cpuMs();
            result.complete(new LiveSample("saffron", (firstFrameNanos - connectNanos) / 1e6,
                    (now - windowStartNanos) / 1e6, frames, publishedPixels, invalidates, invalidatedPixels,
                    cpu - windowStartCpuMs, cpu, peakRssKib()));
            return false;
        }
        return true;
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
        if (phase == Phase.MEASURING) {
            frames++;
            publishedPixels += (long) (dirtyRight - dirtyLeft) * (dirtyBottom - dirtyTop);
        }
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
