package dev.saffron.bench;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
import dev.saffron.spice.MigrationState;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client-visible migration gap, run by {@code scripts/migration-gap}: the time from the last frame the
 * client drew from the source to the first it drew from the destination, for Saffron and for spice-gtk (the C
 * collector {@code bench/src/main/c/migration-collector.c}), paired on the same pair of QEMUs and the same
 * workload. Each run starts a source running the animated guest (a full-screen repaint 18 times a second) and a
 * destination with {@code -incoming}, connects one client, lets it draw, sends it to the destination
 * ({@code client_migrate_info}), waits until it has linked there (migration state MIGRATING), migrates, and
 * keeps the client 3 s more. The gap is the longest interval between two consecutive frames from the
 * {@code migrate} command on. Sides alternate which goes first.
 *
 * <p>{@code MigrationGap REFERENCE_COLLECTOR ROUNDS MODE...} with MODE {@code semi} or {@code seamless}
 */
public final class MigrationGap {
    private static final Duration ANIMATION_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration PRECONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MIGRATION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration AFTER = Duration.ofSeconds(3);
    private static final int WARM_FRAMES = 20;
    private static final Pattern STATUS = Pattern.compile("\"status\": \"([a-z-]+)\"");
    /** spice-gtk's SPICE_SESSION_MIGRATION_MIGRATING. */
    private static final int GTK_MIGRATING = 2;

    private final Path reference;

    private MigrationGap(Path reference) {
        this.reference = reference;
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: MigrationGap REFERENCE_COLLECTOR ROUNDS MODE...  (MODE: semi, seamless)");
            System.exit(2);
        }
        MigrationGap gap = new MigrationGap(Path.of(args[0]));
        int rounds = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            boolean seamless = switch (args[i]) {
                case "semi" -> false;
                case "seamless" -> true;
                default -> throw new IllegalArgumentException("mode is semi or seamless, not " + args[i]);
            };
            gap.run(args[i], seamless, rounds);
        }
    }

    private void run(String mode, boolean seamless, int rounds) throws Exception {
        List<Double> saffron = new ArrayList<>();
        List<Double> spiceGtk = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean saffronFirst = round % 2 == 1;
            for (int side = 0; side < 2; side++) {
                boolean isSaffron = (side == 0) == saffronFirst;
                double ms = measure(isSaffron, seamless);
                (isSaffron ? saffron : spiceGtk).add(ms);
                System.out.printf("%s round %d %-9s gap %.0f ms%n", mode, round, isSaffron ? "saffron" : "spice-gtk",
                        ms);
            }
        }
        System.out.printf("%s: gap median saffron %.0f ms [%.0f..%.0f], spice-gtk %.0f ms [%.0f..%.0f], %d pairs%n",
                mode, median(saffron), min(saffron), max(saffron), median(spiceGtk), min(spiceGtk), max(spiceGtk),
                rounds);
    }

    /** One client through one migration; the gap in milliseconds. */
    private double measure(boolean saffron, boolean seamless) throws Exception {
        Path dir = Files.createTempDirectory("saffron-migration-gap");
        QemuOptions options = QemuOptions.builder().seamlessMigration(seamless)
                .extraArguments(AnimatedGuest.qemuArguments(dir).toArray(String[]::new)).build();
        int incoming = freePort();
        try (QemuServer source = QemuServer.start(options);
             QemuServer destination = QemuServer.start(options.toBuilder()
                     .extraArguments("-incoming", "tcp:127.0.0.1:" + incoming).build());
             Client client = saffron ? new SaffronClient(source) : new ReferenceClient(reference, source)) {
            await(() -> client.frames().size() >= WARM_FRAMES, ANIMATION_TIMEOUT, "the animation");
            source.qmp().execute("client_migrate_info", "{\"protocol\": \"spice\", \"hostname\": \"127.0.0.1\", "
                    + "\"port\": " + destination.port() + "}");
            await(client::linkedToDestination, PRECONNECT_TIMEOUT, "the client's links to the destination");
            long start = System.nanoTime() / 1000;
            source.qmp().execute("migrate", "{\"uri\": \"tcp:127.0.0.1:" + incoming + "\"}");
            String status = awaitMigration(source);
            if (!status.equals("completed")) {
                throw new IOException("the migration ended " + status);
            }
            long done = System.nanoTime() / 1000;
            Thread.sleep(AFTER);
            List<Long> frames = client.frames().stream().filter(time -> time >= start).toList();
            if (frames.stream().noneMatch(time -> time > done)) {
                throw new IOException("no frame from the destination within " + AFTER.toMillis() + " ms");
            }
            long gap = frames.getFirst() - start;
            for (int i = 1; i < frames.size(); i++) {
                gap = Math.max(gap, frames.get(i) - frames.get(i - 1));
            }
            return gap / 1000.0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    private interface Client extends AutoCloseable {
        /** @return frame times so far, in microseconds of the monotonic clock */
        List<Long> frames();

        boolean linkedToDestination();

        @Override
        void close() throws IOException;
    }

    private static final class SaffronClient implements Client {
        private final List<Long> frames = new CopyOnWriteArrayList<>();
        private final SpiceSession session;

        SaffronClient(QemuServer server) throws IOException {
            session = new SpiceSession(SessionConfig.builder().host(server.host()).port(server.port()).build());
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    if (channel instanceof DisplayChannel display && display.id() == 0) {
                        display.addListener(new DisplayChannelListener() {
                            @Override
                            public void invalidate(DisplayChannel c, int x, int y, int width, int height) {
                                frames.add(System.nanoTime() / 1000);
                            }
                        });
                    }
                }
            });
            session.connect();
        }

        @Override
        public List<Long> frames() {
            return frames;
        }

        @Override
        public boolean linkedToDestination() {
            return session.migrationState() == MigrationState.MIGRATING;
        }

        @Override
        public void close() {
            session.close();
        }
    }

    private static final class ReferenceClient implements Client {
        private final List<Long> frames = new CopyOnWriteArrayList<>();
        private volatile boolean migrating;
        private final Process process;

        ReferenceClient(Path collector, QemuServer server) throws IOException {
            process = new ProcessBuilder(collector.toString(), server.host(), String.valueOf(server.port()),
                    String.valueOf(TimeUnit.MINUTES.toMillis(5))).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Thread.ofVirtual().name("migration-collector-reader").start(this::read);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    String[] words = line.split(" ");
                    if (words[0].equals("frame")) {
                        frames.add(Long.parseLong(words[1]));
                    } else if (words[0].equals("state") && Integer.parseInt(words[2]) == GTK_MIGRATING) {
                        migrating = true;
                    }
                }
            } catch (IOException e) {
                System.err.println("migration-collector: " + e.getMessage());
            }
        }

        @Override
        public List<Long> frames() {
            return frames;
        }

        @Override
        public boolean linkedToDestination() {
            return migrating;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void await(Condition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static String awaitMigration(QemuServer source) throws Exception {
        long deadline = System.nanoTime() + MIGRATION_TIMEOUT.toNanos();
        while (true) {
            Matcher matcher = STATUS.matcher(source.qmp().execute("query-migrate"));
            String status = matcher.find() ? matcher.group(1) : "none";
            if (List.of("completed", "failed", "cancelled").contains(status) || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(5);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
