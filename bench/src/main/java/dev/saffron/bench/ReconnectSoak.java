package dev.saffron.bench;

import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.XvfbServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reconnect soak ({@code scripts/soak}, issue 18): the viewer window ({@code ./saffron --reconnect}) on
 * Xvfb shows QEMU running {@link AnimatedGuest} (its whole screen repainted 18 times a second) for a long time,
 * and every few minutes its connection is broken, alternately by restarting QEMU on the same port and by
 * cutting every connection in a {@link CuttableProxy} while QEMU stays up. Every minute it samples the viewer
 * process's resident memory, open file descriptors and threads from {@code /proc}, right after a full garbage
 * collection it asks the viewer for ({@code jcmd GC.run}, also reporting the live heap), and at the end it says
 * whether each stayed flat. Not a test: a leak shows over an hour, not in a CI run.
 *
 * <p>Flat means: between the first quarter of the samples after the warm-up and the last quarter, the median
 * RSS grew by less than {@value #RSS_SLACK_PERCENT}% and less than {@value #RSS_SLACK_MIB} MiB, and the largest
 * descriptor and thread counts by at most {@value #COUNT_SLACK}. A reconnect that does not bring the picture back
 * (the viewer says "reconnected" on standard error, and its window shows the animation moving, undimmed) is
 * counted as failed.
 *
 * <p>Usage: {@code ReconnectSoak LAUNCHER [--minutes N] [--break-every MINUTES]} (defaults 60 and 3).
 */
public final class ReconnectSoak {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SAMPLE_EVERY = Duration.ofMinutes(1);
    /** Breaks come half a minute off the samples, so that no sample catches a reconnect half done. */
    private static final Duration BREAK_OFFSET = Duration.ofSeconds(30);
    /** The first samples see the JVM's heap and code cache still growing to their working size. */
    private static final int WARM_UP_SAMPLES = 5;
    private static final int RSS_SLACK_PERCENT = 10;
    private static final int RSS_SLACK_MIB = 24;
    private static final int COUNT_SLACK = 2;
    /** {@code jcmd PID GC.heap_info}: "garbage-first heap   total reserved ..., committed ..., used 79921K". */
    private static final Pattern HEAP_USED = Pattern.compile("committed \\d+K, used (\\d+)K");

    private final Path launcher;
    private final Duration length;
    private final Duration breakEvery;

    private ReconnectSoak(Path launcher, Duration length, Duration breakEvery) {
        this.launcher = launcher;
        this.length = length;
        this.breakEvery = breakEvery;
    }

    /** One minute's sample of the viewer process, taken right after a full garbage collection in it. */
    private record Sample(int minute, long rssKib, long heapKib, int fds, int threads, int reconnects) {
        static Sample of(long pid, int minute, int reconnects) throws IOException, InterruptedException {
            // A full collection first, so that the sample counts what the viewer keeps, not how far its young
            // generation had filled since the last one.
            jcmd(pid, "GC.run");
            Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
            long heap = used.find() ? Long.parseLong(used.group(1)) : -1;
            Path proc = Path.of("/proc", String.valueOf(pid));
            long rss = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            try (Stream<Path> fds = Files.list(proc.resolve("fd")); Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                return new Sample(minute, rss, heap, (int) fds.count(), (int) tasks.count(), reconnects);
            }
        }

        private static String jcmd(long pid, String command) throws IOException, InterruptedException {
            Path tool = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process process = new ProcessBuilder(tool.toString(), String.valueOf(pid), command)
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("jcmd " + command + " failed: " + out);
            }
            return out;
        }
    }

    /** @param args the launcher, then options */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ReconnectSoak LAUNCHER [--minutes N] [--break-every MINUTES]");
        }
        int minutes = 60;
        int breakEvery = 3;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--break-every" -> breakEvery = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (minutes < WARM_UP_SAMPLES + 4 || breakEvery < 1) {
            throw new IllegalArgumentException("at least " + (WARM_UP_SAMPLES + 4) + " minutes, a break every minute or "
                    + "more");
        }
        int failed = new ReconnectSoak(Path.of(args[0]), Duration.ofMinutes(minutes), Duration.ofMinutes(breakEvery))
                .run();
        System.exit(failed);
    }

    /** @return 0 if everything stayed flat and every reconnect worked, else 1 */
    private int run() throws Exception {
        Path directory = Files.createTempDirectory("saffron-soak-");
        List<String> guest = AnimatedGuest.qemuArguments(directory);
        QemuOptions options = QemuOptions.builder().extraArguments(guest.toArray(String[]::new)).build();
        QemuServer server = QemuServer.start(options);
        int port = server.port();
        List<Sample> samples = new ArrayList<>();
        int breaks = 0;
        int failedReconnects = 0;
        try (XvfbServer x = XvfbServer.start(1024, 768, directory);
             CuttableProxy proxy = CuttableProxy.start(server.host(), port)) {
            Path stderr = directory.resolve("viewer.err");
            ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "spice://127.0.0.1:" + proxy.port(),
                    "--reconnect", "-t", "saffron-soak")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
            builder.environment().put("DISPLAY", x.display());
            builder.environment().remove("WAYLAND_DISPLAY");
            builder.environment().put("LIBGL_ALWAYS_SOFTWARE", "1");
            builder.environment().put("SAFFRON_NO_BUILD", "1");
            Process viewer = builder.start();
            try {
                String window = x.awaitWindow("^saffron-soak", WAIT);
                System.out.printf(Locale.ROOT, "== soak: %d min, a break every %d min (QEMU restart and connection cut "
                        + "in turn), viewer pid %d, log %s%n", length.toMinutes(), breakEvery.toMinutes(), viewer.pid(),
                        stderr);
                System.out.println("minute   rss MiB  heap MiB   fds  threads  reconnects");
                long start = System.nanoTime();
                long nextSample = start + SAMPLE_EVERY.toNanos();
                long nextBreak = start + breakEvery.toNanos() + BREAK_OFFSET.toNanos();
                long end = start + length.toNanos();
                while (System.nanoTime() < end) {
                    if (!viewer.isAlive()) {
                        throw new IOException("the viewer ended (" + viewer.exitValue() + "): " + Files.readString(stderr));
                    }
                    long now = System.nanoTime();
                    if (now >= nextSample) {
                        Sample sample = Sample.of(viewer.pid(), samples.size() + 1, reconnects(stderr));
                        samples.add(sample);
                        System.out.printf(Locale.ROOT, "%6d  %8.1f  %8.1f  %4d  %7d  %10d%n", sample.minute(),
                                sample.rssKib() / 1024.0, sample.heapKib() / 1024.0, sample.fds(), sample.threads(),
                                sample.reconnects());
                        nextSample += SAMPLE_EVERY.toNanos();
                    } else if (now >= nextBreak) {
                        breaks++;
                        int before = reconnects(stderr);
                        if (breaks % 2 == 1) {
                            server.close();
                            server = QemuServer.start(options, port);
                        } else {
                            proxy.cut();
                        }
                        if (!awaitReconnects(stderr, before + 1) || !awaitLivePicture(x, window)) {
                            failedReconnects++;
                            System.out.println("  break " + breaks + ": the picture was not live again within "
                                    + WAIT.toSeconds() + " s");
                        }
                        nextBreak += breakEvery.toNanos();
                    } else {
                        Thread.sleep(Math.min(1000, TimeUnit.NANOSECONDS.toMillis(Math.min(nextSample, nextBreak) - now) + 1));
                    }
                }
            } finally {
                viewer.destroy();
                if (!viewer.waitFor(10, TimeUnit.SECONDS)) {
                    viewer.destroyForcibly();
                }
            }
        } finally {
            server.close();
        }
        return verdict(samples, breaks, failedReconnects);
    }

    private static int reconnects(Path stderr) throws IOException {
        try (Stream<String> lines = Files.lines(stderr)) {
            return (int) lines.filter(line -> line.startsWith("saffron: reconnected after ")).count();
        }
    }

    private static boolean awaitReconnects(Path stderr, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reconnects(stderr) < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    /** @return whether the window shows the animation moving again, undimmed, within the wait */
    private static boolean awaitLivePicture(XvfbServer x, String window) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!x.title(window).contains("reconnecting")) {
                PpmImage before = x.capture(window);
                Thread.sleep(300);
                PpmImage after = x.capture(window);
                if (before.width() == after.width() && before.height() == after.height()
                        && before.differingPixels(after.pixels(), after.width()) > 0) {
                    return true;
                }
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static int verdict(List<Sample> samples, int breaks, int failedReconnects) {
        List<Sample> settled = samples.subList(Math.min(WARM_UP_SAMPLES, samples.size()), samples.size());
        int quarter = Math.max(1, settled.size() / 4);
        List<Sample> first = settled.subList(0, quarter);
        List<Sample> last = settled.subList(settled.size() - quarter, settled.size());
        long rssFirst = median(first.stream().mapToLong(Sample::rssKib).toArray());
        long rssLast = median(last.stream().mapToLong(Sample::rssKib).toArray());
        long rssGrowth = rssLast - rssFirst;
        boolean rssFlat = rssGrowth * 100 < (long) RSS_SLACK_PERCENT * rssFirst && rssGrowth < RSS_SLACK_MIB * 1024L;
        int fdsFirst = first.stream().mapToInt(Sample::fds).max().orElse(0);
        int fdsLast = last.stream().mapToInt(Sample::fds).max().orElse(0);
        int threadsFirst = first.stream().mapToInt(Sample::threads).max().orElse(0);
        int threadsLast = last.stream().mapToInt(Sample::threads).max().orElse(0);
        boolean fdsFlat = fdsLast <= fdsFirst + COUNT_SLACK;
        boolean threadsFlat = threadsLast <= threadsFirst + COUNT_SLACK;
        System.out.printf(Locale.ROOT, "== after %d warm-up minutes, first %d vs last %d samples:%n", WARM_UP_SAMPLES,
                quarter, quarter);
        System.out.printf(Locale.ROOT, "   RSS median %.1f -> %.1f MiB (%+.1f MiB): %s%n", rssFirst / 1024.0,
                rssLast / 1024.0, rssGrowth / 1024.0, rssFlat ? "flat" : "NOT flat");
        long heapFirst = median(first.stream().mapToLong(Sample::heapKib).toArray());
        long heapLast = median(last.stream().mapToLong(Sample::heapKib).toArray());
        System.out.printf(Locale.ROOT, "   live heap median %.1f -> %.1f MiB (%+.1f MiB), for the record%n",
                heapFirst / 1024.0, heapLast / 1024.0, (heapLast - heapFirst) / 1024.0);
        System.out.printf(Locale.ROOT, "   fds max %d -> %d: %s%n", fdsFirst, fdsLast, fdsFlat ? "flat" : "NOT flat");
        System.out.printf(Locale.ROOT, "   threads max %d -> %d: %s%n", threadsFirst, threadsLast,
                threadsFlat ? "flat" : "NOT flat");
        System.out.printf(Locale.ROOT, "   breaks %d, reconnects seen %d, failed %d%n", breaks,
                samples.isEmpty() ? 0 : samples.getLast().reconnects(), failedReconnects);
        boolean ok = rssFlat && fdsFlat && threadsFlat && failedReconnects == 0;
        System.out.println("== verdict: " + (ok ? "flat" : "NOT flat"));
        return ok ? 0 : 1;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
