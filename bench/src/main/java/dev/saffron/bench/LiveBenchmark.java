package dev.saffron.bench;

import dev.saffron.spice.testing.QemuServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live paired benchmark, run by {@code scripts/bench-live}: for each {@link LiveWorkload}, starts QEMU
 * with the animated guest, then runs each Saffron collector ({@link LiveCollector} as the script starts it:
 * one per JVM variant) and the C reference collector in turn, one at a time (spice-server serves one client),
 * rotating which goes first, and prints a {@link PairedTable} per variant and warm-up. Every sample is also
 * appended to {@code samples-WORKLOAD.jsonl} in the output directory. A sample with fewer than two published
 * frames stops the run: a dead workload proves nothing.
 *
 * <p>{@code LiveBenchmark REFERENCE_COLLECTOR OUTPUT_DIR ROUNDS WARMUPS_MS WINDOW_MS WORKLOADS SAFFRON_COLLECTOR...},
 * where WARMUPS_MS and WORKLOADS are comma-separated lists and each SAFFRON_COLLECTOR is a program that takes
 * the collectors' arguments (HOST PORT WARMUPS_MS WINDOW_MS), named in the tables by its file name.
 */
public final class LiveBenchmark {
    /** Time for the server to see the previous client go before the next one connects. */
    private static final Duration BETWEEN_RUNS = Duration.ofSeconds(1);
    private static final Duration RUN_SLACK = Duration.ofSeconds(120);

    private final Path reference;
    private final List<Path> saffronCollectors;
    private final Path output;
    private final int rounds;
    private final String warmups;
    private final long longestWarmupMs;
    private final long windowMs;

    private LiveBenchmark(Path reference, List<Path> saffronCollectors, Path output, int rounds, String warmups,
                          long windowMs) {
        this.reference = reference;
        this.saffronCollectors = saffronCollectors;
        this.output = output;
        this.rounds = rounds;
        this.warmups = warmups;
        this.longestWarmupMs = warmupList(warmups).stream().mapToLong(Long::longValue).max().orElseThrow();
        this.windowMs = windowMs;
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: LiveBenchmark REFERENCE_COLLECTOR OUTPUT_DIR ROUNDS WARMUPS_MS WINDOW_MS "
                    + "WORKLOADS SAFFRON_COLLECTOR...");
            System.exit(2);
        }
        List<Path> collectors = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            collectors.add(Path.of(args[i]));
        }
        LiveBenchmark benchmark = new LiveBenchmark(Path.of(args[0]), collectors, Path.of(args[1]),
                Integer.parseInt(args[2]), args[3], Long.parseLong(args[4]));
        Files.createDirectories(benchmark.output);
        for (String label : args[5].split(",")) {
            benchmark.measure(LiveWorkload.byLabel(label));
        }
    }

    private static List<Long> warmupList(String warmups) {
        return Arrays.stream(warmups.split(",")).map(Long::parseLong).toList();
    }

    private void measure(LiveWorkload workload) throws IOException, InterruptedException {
        Path guestFiles = Files.createTempDirectory("saffron-live-guest-");
        Path samples = output.resolve("samples-" + workload.label() + ".jsonl");
        Files.deleteIfExists(samples);
        try (QemuServer server = LiveServer.start(workload, guestFiles)) {
            System.out.printf("== %s (%s): %d rounds, %s ms warm-up, %d ms window%n", workload.label(),
                    workload.settings(), rounds, warmups, windowMs);
            int programs = saffronCollectors.size() + 1;
            // By program (the Saffron variants, then the reference), the samples of each run.
            List<List<List<LiveSample>>> runs = new ArrayList<>();
            for (int program = 0; program < programs; program++) {
                runs.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                // Rotating the start spreads whatever the first run of a round pays over every program.
                for (int turn = 0; turn < programs; turn++) {
                    int program = (turn + round) % programs;
                    Path collector = program < saffronCollectors.size() ? saffronCollectors.get(program) : reference;
                    List<LiveSample> run = collect(collector, server, workload);
                    runs.get(program).add(run);
                    for (LiveSample sample : run) {
                        Files.writeString(samples, sample.toJson() + "\n", StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        System.out.printf("  round %d %-22s after %5.0f ms: %5.1f frames/s  %6.2f CPU ms/frame  "
                                        + "first frame %6.0f ms%n", round + 1, name(collector), sample.warmupMs(),
                                sample.framesPerSecond(), sample.cpuMsPerFrame(), sample.firstFrameMs());
                    }
                    Thread.sleep(BETWEEN_RUNS);
                }
            }
            System.out.println();
            List<Long> warmupsMs = warmupList(warmups);
            for (int w = 0; w < warmupsMs.size(); w++) {
                for (int v = 0; v < saffronCollectors.size(); v++) {
                    System.out.printf("%s, %s, after %d ms of warm-up, %d ms window:%n", workload.label(),
                            name(saffronCollectors.get(v)), warmupsMs.get(w), windowMs);
                    new PairedTable<>(window(runs.get(v), w), window(runs.get(programs - 1), w))
                            .metric("time to first frame (ms)", LiveSample::firstFrameMs)
                            .metric("published frames/s", LiveSample::framesPerSecond)
                            .metric("invalidates/s", LiveSample::invalidatesPerSecond)
                            .metric("CPU ms per published frame", LiveSample::cpuMsPerFrame)
                            .metric("CPU % of one core", sample -> 100 * sample.cpuMs() / sample.windowMs())
                            .metric("CPU ms from process start", LiveSample::cpuTotalMs)
                            .metric("peak RSS (MiB)", sample -> sample.peakRssKib() / 1024.0)
                            .print(System.out, "spice-client-glib");
                    System.out.println();
                }
            }
        } finally {
            try (var files = Files.list(guestFiles)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(guestFiles);
        }
    }

    /** @return each run's sample of the {@code index}-th warm-up */
    private static List<LiveSample> window(List<List<LiveSample>> runs, int index) {
        return runs.stream().map(run -> run.get(index)).toList();
    }

    private static String name(Path collector) {
        return collector.getFileName().toString();
    }

    /** @return one sample per warm-up, in the warm-ups' order */
    private List<LiveSample> collect(Path collector, QemuServer server, LiveWorkload workload) throws IOException,
            InterruptedException {
        List<String> command = List.of(collector.toString(), server.host(), String.valueOf(server.port()), warmups,
                String.valueOf(windowMs));
        Path log = output.resolve(name(collector) + "-" + workload.label() + ".log");
        ChildRun run = ChildRun.run(command, log, Duration.ofMillis(longestWarmupMs + windowMs).plus(RUN_SLACK));
        List<LiveSample> samples = new ArrayList<>();
        for (String line : run.lines()) {
            try {
                samples.add(LiveSample.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IOException(collector + " printed something else than samples: " + run.stdout(), e);
            }
        }
        List<Long> asked = warmupList(warmups);
        if (samples.size() != asked.size()) {
            throw new IOException(collector + " printed " + samples.size() + " samples for " + asked.size()
                    + " warm-ups: " + run.stdout());
        }
        for (int i = 0; i < samples.size(); i++) {
            LiveSample sample = samples.get(i);
            if (sample.warmupMs() != asked.get(i)) {
                throw new IOException(collector + " printed its samples out of order: " + run.stdout());
            }
            if (sample.frames() < 2) {
                throw new IOException(sample.client() + " published " + sample.frames() + " frames on "
                        + workload.label() + ": the workload is not changing the screen, so the run proves "
                        + "nothing. QEMU says:\n" + server.stderrTail());
            }
        }
        return samples;
    }
}
