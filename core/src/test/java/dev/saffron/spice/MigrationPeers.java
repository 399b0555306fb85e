package dev.saffron.spice;

import dev.saffron.spice.testing.QemuServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the reconnect and migration ITs share: a QEMU monitor through a port channel, migration over QMP, waits. */
final class MigrationPeers {
    private static final String NEGOTIATED = "Capabilities negotiation is already complete";
    private static final Pattern STATUS = Pattern.compile("\"status\": \"([a-z-]+)\"");

    private MigrationPeers() {
    }

    /** Collects everything a port channel receives, as text, and waits for answers in it. */
    static final class PortText implements PortChannelListener {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void portData(PortChannel channel, ByteBuffer data) {
            synchronized (bytes) {
                bytes.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                bytes.notifyAll();
            }
        }

        /** @return everything received so far after waiting for {@code wanted} to appear {@code occurrences} times */
        String await(String wanted, int occurrences, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (bytes) {
                while (count(bytes.toString(StandardCharsets.UTF_8), wanted) < occurrences) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no " + occurrences + "x '" + wanted + "' in: "
                                + bytes.toString(StandardCharsets.UTF_8));
                    }
                    bytes.wait(Math.max(1, left / 1_000_000));
                }
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits until {@code one} and {@code other} appeared {@code occurrences} times together. */
        void awaitEither(String one, String other, int occurrences, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (bytes) {
                while (true) {
                    String text = bytes.toString(StandardCharsets.UTF_8);
                    if (count(text, one) + count(text, other) >= occurrences) {
                        return;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no " + occurrences + "x '" + one + "' or '" + other + "' in: "
                                + text);
                    }
                    bytes.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        int count(String wanted) {
            synchronized (bytes) {
                return count(bytes.toString(StandardCharsets.UTF_8), wanted);
            }
        }

        private static int count(String text, String wanted) {
            int n = 0;
            for (int i = text.indexOf(wanted); i >= 0; i = text.indexOf(wanted, i + 1)) {
                n++;
            }
            return n;
        }
    }

    /**
     * Asks the QEMU behind {@code port} (QMP over SPICE) which SPICE port it listens on, after a fresh monitor's
     * capabilities negotiation: the answer tells which of two QEMUs is talking.
     */
    static void assertAnswersFrom(PortChannel port, PortText text, QemuServer expected) throws Exception {
        int greetings = text.count("\"QMP\"");
        text.await("\"QMP\"", Math.max(1, greetings), Duration.ofSeconds(30));
        // A monitor met before answers the negotiation with an error: it is in command mode already.
        int answers = text.count("\"return\": {}") + text.count(NEGOTIATED);
        write(port, "{\"execute\":\"qmp_capabilities\"}\n");
        text.awaitEither("\"return\": {}", NEGOTIATED, answers + 1, Duration.ofSeconds(30));
        String wanted = "\"port\": " + expected.port();
        int before = text.count(wanted);
        write(port, "{\"execute\":\"query-spice\"}\n");
        text.await(wanted, before + 1, Duration.ofSeconds(30));
    }

    /**
     * Asks the human monitor behind {@code port} (QEMU's HMP over SPICE) which SPICE port its QEMU listens on:
     * the answer tells which of two QEMUs is talking. The migration tests use HMP, not QMP, on the port: QEMU
     * deadlocks writing QMP events into a spiceport while a SPICE channel disconnects (see
     * {@link dev.saffron.spice.testing.QemuOptions.PortMonitor#HMP}), and a migration disconnects channels.
     */
    static void assertHumanMonitorAnswersFrom(PortChannel port, PortText text, QemuServer expected) throws Exception {
        // The human monitor ends its lines with CR LF.
        String wanted = "address: " + expected.host() + ":" + expected.port() + "\r\n";
        int before = text.count(wanted);
        write(port, "info spice\n");
        text.await(wanted, before + 1, Duration.ofSeconds(30));
    }

    static void write(PortChannel port, String text) throws Exception {
        port.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
    }

    /** @return a loopback port nobody listens on right now, for QEMU's {@code -incoming} */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Points the source's SPICE clients at a destination port (MIGRATE_BEGIN to each client). */
    static void clientMigrateInfo(QemuServer source, int spicePort) throws IOException {
        source.qmp().execute("client_migrate_info", "{\"protocol\": \"spice\", \"hostname\": \"127.0.0.1\", "
                + "\"port\": " + spicePort + "}");
    }

    /** Starts migrating the source's machine to a destination waiting on {@code incomingPort}. */
    static void migrate(QemuServer source, int incomingPort) throws IOException {
        source.qmp().execute("migrate", "{\"uri\": \"tcp:127.0.0.1:" + incomingPort + "\"}");
    }

    /** Waits until the machine's run state is {@code wanted}. */
    static void awaitStatus(QemuServer server, String wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!server.qmp().status().equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the machine is " + server.qmp().status() + ", not " + wanted);
            }
            Thread.sleep(50);
        }
    }

    /** @return the source's migration status once it is one of {@code ends} */
    static String awaitMigration(QemuServer source, Duration timeout, String... ends) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "none";
        while (System.nanoTime() < deadline) {
            Matcher matcher = STATUS.matcher(source.qmp().execute("query-migrate"));
            status = matcher.find() ? matcher.group(1) : "none";
            if (List.of(ends).contains(status)) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("migration still " + status + " after " + timeout);
    }

    /** Records the session's migration states and reconnect events. */
    static final class SessionEvents implements SessionListener {
        final List<MigrationState> states = new CopyOnWriteArrayList<>();
        final List<String> reconnects = new CopyOnWriteArrayList<>();
        private final PortText port;

        SessionEvents(PortText port) {
            this.port = port;
        }

        @Override
        public void channelNew(SpiceChannel channel) {
            if (channel instanceof PortChannel typed) {
                typed.addListener(port);
            }
        }

        @Override
        public void migrationStateChanged(MigrationState state) {
            states.add(state);
        }

        @Override
        public void reconnecting(int attempt, Duration delay, SpiceException cause) {
            reconnects.add("reconnecting " + attempt);
        }

        @Override
        public void reconnected(int attempts) {
            reconnects.add("reconnected " + attempts);
        }

        void awaitState(MigrationState wanted, int occurrence, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (states.stream().filter(wanted::equals).count() < occurrence) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + wanted + " within " + timeout + ": " + states);
                }
                Thread.sleep(10);
            }
        }

        void awaitReconnect(String wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (reconnects.stream().noneMatch(event -> event.startsWith(wanted))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no '" + wanted + "...' within " + timeout + ": " + reconnects);
                }
                Thread.sleep(5);
            }
        }
    }
}
