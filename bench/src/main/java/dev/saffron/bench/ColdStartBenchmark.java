package dev.saffron.bench;

import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The cold-start benchmark, run by {@code scripts/bench-cold}: a whole {@code ./saffron screenshot} process,
 * launcher included, against {@code spicy-screenshot} on the same frozen QEMU (the firmware's screen, the
 * machine stopped over QMP), both writing PPM. Runs one untimed round first (the launcher builds and writes
 * its start-up cache when it must, the page cache fills), then alternates the programs for the given rounds,
 * each one at a time, under GNU time, and prints a {@link PairedTable} of wall time, CPU time and peak RSS
 * per Saffron variant.
 *
 * <p>{@code ColdStartBenchmark LAUNCHER OUTPUT_DIR ROUNDS [VARIANT...]}, where each variant is a string of
 * extra {@code screenshot} options for Saffron (none: the defaults alone, and {@code --quiet=0}, which takes
 * the first drawn picture as spicy-screenshot does); a word {@code -JOPTION} is a JVM option instead, handed to
 * the launcher in {@code SAFFRON_JAVA_OPTIONS} (as in {@code -J-XX:-UseSerialGC -J-XX:+UseG1GC --quiet=0}).
 */
public final class ColdStartBenchmark {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SETTLE_INTERVAL = Duration.ofMillis(1500);
    private static final String GNU_TIME = "/usr/bin/time";

    /**
     * One run: wall time, CPU time, and the peak RSS of the largest process in it.
     *
     * @param wallMs from starting the program to seeing it exit
     * @param cpuMs  user and system time of the program and its children, by GNU time (10 ms steps)
     * @param rssKib GNU time's maximum resident set size
     */
    record Sample(double wallMs, double cpuMs, long rssKib) {
    }

    private final Path launcher;
    private final Path output;

    private ColdStartBenchmark(Path launcher, Path output) {
        this.launcher = launcher;
        this.output = output;
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ColdStartBenchmark LAUNCHER OUTPUT_DIR ROUNDS [VARIANT...]");
            System.exit(2);
        }
        ColdStartBenchmark benchmark = new ColdStartBenchmark(Path.of(args[0]), Path.of(args[1]));
        int rounds = Integer.parseInt(args[2]);
        List<List<String>> variants = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            variants.add(args[i].isBlank() ? List.of() : Arrays.asList(args[i].strip().split("\\s+")));
        }
        if (variants.isEmpty()) {
            variants = List.of(List.of(), List.of("--quiet=0"));
        }
        Files.createDirectories(benchmark.output);
        benchmark.measure(variants, rounds);
    }

    private void measure(List<List<String>> variants, int rounds) throws IOException, InterruptedException {
        try (QemuServer server = QemuServer.start()) {
            awaitStillScreen(server);
            server.qmp().stop();
            System.out.printf("== frozen server %s:%d (%dx%d firmware screen); %d rounds, programs alternating%n",
                    server.host(), server.port(), server.screendump().width(), server.screendump().height(), rounds);
            List<List<Sample>> saffron = new ArrayList<>();
            for (int v = 0; v < variants.size(); v++) {
                saffron.add(new ArrayList<>());
            }
            List<Sample> reference = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                boolean timed = round > 0;
                // Rotating the start spreads whatever the first run of a round pays over every program.
                int programs = variants.size() + 1;
                for (int turn = 0; turn < programs; turn++) {
                    int program = (turn + round) % programs;
                    Sample sample = program == variants.size() ? spicy(server) : saffron(server, variants.get(program));
                    if (timed) {
                        (program == variants.size() ? reference : saffron.get(program)).add(sample);
                    }
                }
                if (timed) {
                    System.out.printf("  round %d done%n", round);
                }
            }
            System.out.println();
            for (int v = 0; v < variants.size(); v++) {
                System.out.println("./saffron screenshot URI out.ppm " + String.join(" ", variants.get(v))
                        + "  vs  spicy-screenshot -h HOST -p PORT -o out.ppm");
                new PairedTable<>(saffron.get(v), reference)
                        .metric("wall time (ms)", Sample::wallMs)
                        .metric("CPU time (ms)", Sample::cpuMs)
                        .metric("peak RSS (MiB)", sample -> sample.rssKib() / 1024.0)
                        .print(System.out, "spicy-screenshot");
                System.out.println();
            }
        }
    }

    private Sample saffron(QemuServer server, List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "screenshot",
                "spice://" + server.host() + ":" + server.port(), output.resolve("saffron.ppm").toString()));
        List<String> jvmOptions = new ArrayList<>();
        for (String option : options) {
            if (option.startsWith("-J")) {
                jvmOptions.add(option.substring(2));
            } else {
                command.add(option);
            }
        }
        return timed(command, Map.of("SAFFRON_JAVA_OPTIONS", String.join(" ", jvmOptions)),
                output.resolve("saffron.ppm"));
    }

    private Sample spicy(QemuServer server) throws IOException, InterruptedException {
        return timed(List.of("spicy-screenshot", "-h", server.host(), "-p", String.valueOf(server.port()),
                "-o", output.resolve("spicy.ppm").toString()), Map.of(), output.resolve("spicy.ppm"));
    }

    private Sample timed(List<String> command, Map<String, String> environment, Path picture)
            throws IOException, InterruptedException {
        Files.deleteIfExists(picture);
        Path rss = output.resolve("time.txt");
        List<String> wrapped = new ArrayList<>(List.of(GNU_TIME, "-f", "%M %U %S", "-o", rss.toString()));
        wrapped.addAll(command);
        ChildRun run = ChildRun.run(wrapped, environment, output.resolve("cold-start.log"), RUN_TIMEOUT);
        PpmImage image = PpmImage.read(picture);
        if (image.width() == 0 || image.height() == 0) {
            throw new IOException(command.getFirst() + " wrote an empty picture");
        }
        String report = Files.readString(rss, StandardCharsets.UTF_8).strip();
        String[] fields = report.substring(report.lastIndexOf('\n') + 1).split(" ");
        try {
            if (fields.length != 3) {
                throw new NumberFormatException("not three fields");
            }
            return new Sample(run.wallNanos() / 1e6,
                    (Double.parseDouble(fields[1]) + Double.parseDouble(fields[2])) * 1000, Long.parseLong(fields[0]));
        } catch (NumberFormatException e) {
            throw new IOException("GNU time wrote no peak RSS and CPU times: " + report, e);
        }
    }

    /** Waits until the firmware's screen stops changing, so that every client gets the same picture. */
    private static void awaitStillScreen(QemuServer server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        PpmImage previous = server.screendump();
        while (true) {
            Thread.sleep(SETTLE_INTERVAL);
            PpmImage current = server.screendump();
            if (current.equals(previous)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the firmware's screen kept changing for " + SETTLE_TIMEOUT);
            }
            previous = current;
        }
    }
}
