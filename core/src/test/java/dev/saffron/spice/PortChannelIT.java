package dev.saffron.spice;

import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Port channels against QEMU: QMP spoken through SPICE, checked against QEMU's own QMP socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PortChannelIT {
    private static final String QMP = QemuOptions.SpicePort.QMP_MONITOR_NAME;

    /** Collects everything a port sends. */
    private static final class Collector implements PortChannelListener {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void portData(PortChannel channel, ByteBuffer data) {
            synchronized (bytes) {
                bytes.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                bytes.notifyAll();
            }
        }

        String awaitText(String wanted, int occurrences) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            synchronized (bytes) {
                while (count(bytes.toString(StandardCharsets.UTF_8), wanted) < occurrences) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no '" + wanted + "' in: " + bytes.toString(StandardCharsets.UTF_8));
                    }
                    bytes.wait(Math.max(1, left / 1_000_000));
                }
                return bytes.toString(StandardCharsets.UTF_8);
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

    private static SpiceSession connect(QemuServer server) throws SpiceException {
        return connect(server, new Collector());
    }

    /** Connects, attaching the collector as each port channel appears so it sees the port's first bytes. */
    private static SpiceSession connect(QemuServer server, Collector collector) throws SpiceException {
        SpiceSession session = new SpiceSession(SessionConfig.builder().host(server.host()).port(server.port()).build());
        session.addListener(new SessionListener() {
            @Override
            public void channelNew(SpiceChannel channel) {
                if (channel instanceof PortChannel typed) {
                    typed.addListener(collector);
                }
            }
        });
        session.connect();
        session.awaitChannels(Duration.ofSeconds(20));
        return session;
    }

    private static void send(PortChannel port, String text) throws Exception {
        port.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
    }

    @Test
    void qmpThroughThePortAnswersLikeQemusOwnMonitor() throws Exception {
        Collector collector = new Collector();
        try (QemuServer server = QemuServer.start(QemuOptions.builder().qmpSpicePort(QMP).build());
             SpiceSession session = connect(server, collector)) {
            PortChannel port = session.portChannel(QMP).orElseThrow();
            assertEquals(QMP, port.portName().orElseThrow());
            assertTrue(port.isPortOpened());

            send(port, "{\"execute\":\"qmp_capabilities\"}\n");
            collector.awaitText("\"return\": {}", 1);
            send(port, "{\"execute\":\"query-status\"}\n");
            assertTrue(collector.awaitText("\"status\": \"running\"", 1).contains("\"QMP\""),
                    "the greeting came first");

            server.qmp().stop();
            assertEquals("paused", server.qmp().status());
            send(port, "{\"execute\":\"query-status\"}\n");
            collector.awaitText("\"status\": \"paused\"", 1);
        }
    }

    @Test
    void largeWritesArriveWhole() throws Exception {
        Collector collector = new Collector();
        try (QemuServer server = QemuServer.start(QemuOptions.builder().qmpSpicePort(QMP).build());
             SpiceSession session = connect(server, collector)) {
            PortChannel port = session.portChannel(QMP).orElseThrow();
            send(port, "{\"execute\":\"qmp_capabilities\"}\n");
            collector.awaitText("\"return\": {}", 1);
            // 300 KiB of JSON whitespace before one command: several write chunks, one command to QEMU.
            String padded = " ".repeat(300 * 1024) + "{\"execute\":\"query-name\"}\n";
            assertEquals(padded.length(), port.write(ByteBuffer.wrap(padded.getBytes(StandardCharsets.UTF_8)))
                    .get(20, TimeUnit.SECONDS));
            collector.awaitText("\"return\": {}", 2);
        }
    }

    @Test
    void writingToAPortWithoutAFrontEndFails() throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().spicePort("org.saffron.unused").build());
             SpiceSession session = connect(server)) {
            PortChannel port = session.portChannel("org.saffron.unused").orElseThrow();
            assertFalse(port.isPortOpened(), "no device reads this chardev");
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> port.write(ByteBuffer.wrap(new byte[]{1})).get(5, TimeUnit.SECONDS));
            SpiceException cause = assertInstanceOf(SpiceException.class, e.getCause());
            assertEquals(SpiceError.FAILED, cause.error());
            assertTrue(cause.getMessage().contains("not opened"), cause.getMessage());
        }
    }
}
