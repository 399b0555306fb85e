package dev.saffron.bench;

import dev.saffron.spice.testing.QemuServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The live paired benchmark, run by {@code scripts/bench-live}: for each {@link LiveWorkload}, starts QEMU
 * with the animated guest, then runs Saffron's {@link LiveCollector} and the C reference collector in turn,
 * one at a time (spice-server serves one client), alternating which goes first, and prints a
 * {@link PairedTable}. Every sample is also appended to {@code samples-WORKLOAD.jsonl} in the output
 * directory. A sample with fewer than two published frames stops the run: a dead workload proves nothing.
 *
 * <p>{@code LiveBenchmark REFERENCE_COLLECTOR OUTPUT_DIR ROUNDS WARMUP_MS WINDOW_MS WORKLOAD...}
 */
public final class LiveBenchmark {
    /** Time for the server to see the previous client go before the next one connects. */
    private static final Duration BETWEEN_RUNS = Duration.ofSeconds(1);
    private static final Duration RUN_SLACK = Duration.ofSeconds(120);

    private final Path reference;
    private final Path output;
    private final int rounds;
    private final long warmupMs;
    private final long windowMs;

    private LiveBenchmark(Path reference, Path output, int rounds, long warmupMs, long windowMs) {
        this.reference = reference;
        this.output = output;
        this.rounds = rounds;
        this.warmupMs = warmupMs;
        this.windowMs = windowMs;
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: LiveBenchmark REFERENCE_COLLECTOR OUTPUT_DIR ROUNDS WARMUP_MS WINDOW_MS "
                    + "WORKLOAD...");
            System.exit(2);
        }
        LiveBenchmark benchmark = new LiveBenchmark(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]),
                Long.parseLong(args[3]), Long.parseLong(args[4]));
        List<LiveWorkload> workloads = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            workloads.add(LiveWorkload.byLabel(args[i]));
        }
        Files.createDirectories(benchmark.output);
        for (LiveWorkload workload : workloads) {
            benchmark.measure(workload);
        }
    }

    private void measure(LiveWorkload workload) throws IOException, InterruptedException {
        Path guestFiles = Files.createTempDirectory("saffron-live-guest-");
        Path samples = output.resolve("samples-" + workload.label() + ".jsonl");
        Files.deleteIfExists(samples);
        try (QemuServer server = LiveServer.start(workload, guestFiles)) {
            System.out.printf("== %s (%s): %d pairs, %d ms warm-up, %d ms window%n", workload.label(),
                    workload.settings(), rounds, warmupMs, windowMs);
            List<LiveSample> saffron = new ArrayList<>();
            List<LiveSample> referenceSamples = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean saffronFirst = round % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    boolean isSaffron = saffronFirst == (turn == 0);
                    LiveSample sample = collect(isSaffron, server, workload);
                    (isSaffron ? saffron : referenceSamples).add(sample);
                    Files.writeString(samples, sample.toJson() + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    System.out.printf("  round %d %-17s %5.1f frames/s  %6.2f CPU ms/frame  first frame %6.0f ms%n",
                            round + 1, sample.client(), sample.framesPerSecond(), sample.cpuMsPerFrame(),
                            sample.firstFrameMs());
                    Thread.sleep(BETWEEN_RUNS);
                }
            }
            System.out.println();
            new PairedTable<>(saffron, referenceSamples)
                    .metric("time to first frame (ms)", LiveSample::firstFrameMs)
                    .metric("published frames/s", LiveSample::framesPerSecond)
                    .metric("invalidates/s", LiveSample::invalidatesPerSecond)
                    .metric("CPU ms per published frame", LiveSample::cpuMsPerFrame)
                    .metric("CPU % of one core", sample -> 100 * sample.cpuMs() / sample.windowMs())
                    .metric("CPU ms from process start", LiveSample::cpuTotalMs)
                    .metric("peak RSS (MiB)", sample -> sample.peakRssKib() / 1024.0)
                    .print(System.out, "spice-client-glib");
            System.out.println();
        } finally {
            try (var files = Files.list(guestFiles)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(guestFiles);
        }
    }

    private LiveSample collect(boolean saffron, QemuServer server, LiveWorkload workload) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>();
        if (saffron) {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LiveCollector.class.getName()));
        } else {
            command.add(reference.toString());
        }
        command.addAll(List.of(server.host(), String.valueOf(server.port()), String.valueOf(warmupMs),
                String.valueOf(windowMs)));
        Path log = output.resolve((saffron ? "saffron" : "reference") + "-" + workload.label() + ".log");
        ChildRun run = ChildRun.run(command, log, Duration.ofMillis(warmupMs + windowMs).plus(RUN_SLACK));
        LiveSample sample;
        try {
            sample = LiveSample.parse(run.lastLine());
        } catch (IllegalArgumentException e) {
            throw new IOException(command.getFirst() + " printed no sample: " + run.stdout(), e);
        }
        if (sample.frames() < 2) {
            throw new IOException(sample.client() + " published " + sample.frames() + " frames on " + workload.label()
                    + ": the workload is not changing the screen, so the run proves nothing. QEMU says:\n"
                    + server.stderrTail());
        }
        return sample;
    }
}
