package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fixture against real QEMU: it starts, speaks SPICE and QMP, honours its options and leaves nothing
 * behind. The timeout runs each test in its own thread so a stuck socket or process read still fails it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QemuServerIT {
    /**
     * SpiceLinkHeader + SpiceLinkMess for a fresh MAIN channel with no capabilities (PROTOCOL.md §1.2-1.3),
     * written out byte by byte so the test depends on nothing in the code under test.
     */
    private static final byte[] MAIN_LINK = {
        'R', 'E', 'D', 'Q', // magic
        2, 0, 0, 0,         // major version
        2, 0, 0, 0,         // minor version
        18, 0, 0, 0,        // size of what follows
        0, 0, 0, 0,         // connection id: new session
        1,                  // channel type: MAIN
        0,                  // channel id
        0, 0, 0, 0,         // common caps words
        0, 0, 0, 0,         // channel caps words
        18, 0, 0, 0,        // caps offset
    };
    private static final int LINK_REPLY_FIXED_BYTES = 4 + 162 + 4 + 4 + 4;

    /** What the server answered to {@link #MAIN_LINK}. */
    private record LinkReply(int magic, int major, int size, int error, byte[] publicKey, int commonCaps,
                             int channelCaps, int capsOffset) {
    }

    private static LinkReply link(QemuServer server) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(MAIN_LINK);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] headerBytes = new byte[16];
            in.readFully(headerBytes);
            ByteBuffer header = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
            int magic = header.getInt();
            int major = header.getInt();
            header.getInt();
            int size = header.getInt();
            assertTrue(size >= LINK_REPLY_FIXED_BYTES && size <= 4096, "reply size " + size);
            byte[] bodyBytes = new byte[size];
            in.readFully(bodyBytes);
            ByteBuffer body = ByteBuffer.wrap(bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
            int error = body.getInt();
            byte[] key = new byte[162];
            body.get(key);
            return new LinkReply(magic, major, size, error, key, body.getInt(), body.getInt(), body.getInt());
        }
    }

    private static void assertValidLinkReply(LinkReply reply) throws Exception {
        assertEquals(0x51444552, reply.magic(), "magic REDQ");
        assertEquals(2, reply.major());
        assertEquals(0, reply.error(), "link error");
        assertEquals(LINK_REPLY_FIXED_BYTES, reply.capsOffset());
        assertEquals(LINK_REPLY_FIXED_BYTES + 4 * (reply.commonCaps() + reply.channelCaps()), reply.size());
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(reply.publicKey()));
        assertEquals(1024, key.getModulus().bitLength());
    }

    private static String spiceAuth(QemuServer server) throws IOException {
        return QmpJson.string(QmpJson.members(server.qmp().execute("query-spice")).get("auth"));
    }

    /** @return chardev label to its members, from query-chardev */
    private static Map<String, Map<String, String>> chardevs(QemuServer server) throws IOException {
        Map<String, Map<String, String>> byLabel = new HashMap<>();
        for (String chardev : QmpJson.elements(server.qmp().execute("query-chardev"))) {
            Map<String, String> members = QmpJson.members(chardev);
            byLabel.put(QmpJson.string(members.get("label")), members);
        }
        return byLabel;
    }

    private static boolean accepts(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    private static void awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() - deadline < 0, "process " + pid + " still alive after " + timeout);
            Thread.sleep(50);
        }
    }

    @Test
    void speaksSpiceOnTheMainChannel() throws Exception {
        try (QemuServer server = QemuServer.start()) {
            assertValidLinkReply(link(server));
            assertEquals("none", spiceAuth(server));
            assertEquals(Optional.empty(), server.password());
        }
    }

    @Test
    void qmpReportsRunningThenPausedThenRunning() throws Exception {
        try (QemuServer server = QemuServer.start()) {
            Qmp qmp = server.qmp();
            assertEquals("running", qmp.status());

            qmp.stop();
            assertEquals("paused", qmp.status());
            assertTrue(qmp.awaitEvent("STOP", Duration.ofSeconds(5)).contains("\"STOP\""));

            qmp.cont();
            assertEquals("running", qmp.status());
        }
    }

    @Test
    void startupEventsAreNotLeftForTests() throws Exception {
        try (QemuServer server = QemuServer.start()) {
            Qmp qmp = server.qmp();
            assertThrows(QmpException.class, () -> qmp.awaitEvent("SPICE_CONNECTED", Duration.ofMillis(300)));

            link(server);

            assertTrue(qmp.awaitEvent("SPICE_CONNECTED", Duration.ofSeconds(5)).contains("\"SPICE_CONNECTED\""));
        }
    }

    @Test
    void aPasswordProtectedServerStillSendsItsPublicKey() throws Exception {
        QemuOptions options = QemuOptions.builder().password("fixture-pw-1").build();
        try (QemuServer server = QemuServer.start(options)) {
            LinkReply reply = link(server);

            assertValidLinkReply(reply);
            assertEquals(162, reply.publicKey().length);
            assertEquals("spice", spiceAuth(server));
            assertEquals(Optional.of("fixture-pw-1"), server.password());
            assertFalse(Files.readString(Path.of("/proc/" + server.pid() + "/cmdline")).contains("fixture-pw-1"));
        }
    }

    @Test
    void closeEndsQemuFreesThePortAndDeletesItsFiles() throws Exception {
        QemuServer server = QemuServer.start();
        long pid = server.pid();
        int port = server.port();
        Path directory = server.directory();
        assertTrue(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow().endsWith("qemu-system-x86_64"));
        assertTrue(accepts(port));
        assertTrue(Files.isDirectory(directory));

        server.close();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU " + pid + " still alive");
        assertFalse(accepts(port), "port " + port + " still accepts");
        assertFalse(Files.exists(directory), directory + " still exists");
        server.close();
    }

    @Test
    void aQmpMonitorOnASpicePortStarts() throws Exception {
        QemuOptions options = QemuOptions.builder()
                .qmpSpicePort(QemuOptions.SpicePort.QMP_MONITOR_NAME)
                .spicePort("org.example.saffron.0")
                .build();
        try (QemuServer server = QemuServer.start(options)) {
            Map<String, Map<String, String>> chardevs = chardevs(server);

            assertEquals("\"spiceport\"", chardevs.get("saffron-port0").get("filename"));
            assertEquals("true", chardevs.get("saffron-port0").get("frontend-open"), "a monitor opened the port");
            assertEquals("\"spiceport\"", chardevs.get("saffron-port1").get("filename"));
            assertEquals("false", chardevs.get("saffron-port1").get("frontend-open"), "nothing behind a plain port");
            assertValidLinkReply(link(server));
        }
    }

    @Test
    void everyOptionAtOnceStarts() throws Exception {
        QemuOptions options = QemuOptions.builder()
                .audio(true)
                .usbRedirectionSlots(2)
                .smartcard(true)
                .imageCompression(QemuOptions.ImageCompression.QUIC)
                .jpegWanCompression(QemuOptions.WanCompression.NEVER)
                .zlibGlzWanCompression(QemuOptions.WanCompression.ALWAYS)
                .streamingVideo(QemuOptions.StreamingVideo.ALL)
                .extraArguments("-boot", "menu=on,splash-time=1000")
                .build();
        try (QemuServer server = QemuServer.start(options)) {
            Map<String, Map<String, String>> chardevs = chardevs(server);
            String audiodev = server.qmp().execute("qom-get",
                    "{\"path\": \"/machine/peripheral/saffron-sound-codec\", \"property\": \"audiodev\"}");

            assertEquals("\"saffron-audio\"", audiodev);
            for (String label : List.of("saffron-usbredir0", "saffron-usbredir1", "saffron-smartcard")) {
                assertEquals("\"spicevmc\"", chardevs.get(label).get("filename"), label);
            }
            assertValidLinkReply(link(server));
        }
    }

    @Test
    void aTakenPortIsRetriedWithAnother() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Integer> offered = new ArrayList<>();
            QemuServer.PortSource ports = () -> {
                int port;
                if (offered.isEmpty()) {
                    port = squatter.getLocalPort();
                } else {
                    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                        port = free.getLocalPort();
                    }
                }
                offered.add(port);
                return port;
            };

            try (QemuServer server = QemuServer.start(QemuOptions.defaults(), ports)) {
                assertEquals(2, offered.size(), "ports offered: " + offered);
                assertEquals(offered.get(1), server.port());
                assertNotEquals(squatter.getLocalPort(), server.port());
                assertValidLinkReply(link(server));
            }
        }
    }

    @Test
    void aFailedStartReportsQemusStderrAndLeavesNoProcess() {
        QemuOptions options = QemuOptions.builder().extraArguments("-device", "saffron-no-such-device").build();

        IOException e = assertThrows(IOException.class, () -> QemuServer.start(options));

        assertTrue(e.getMessage().contains("saffron-no-such-device"), e.getMessage());
        assertTrue(ProcessHandle.current().descendants()
                .noneMatch(p -> p.info().commandLine().orElse("").contains("saffron-no-such-device")));
    }

    @Test
    void qemuDiesWhenTheJvmThatStartedItIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanedServer.class.getName())
                .redirectErrorStream(true)
                .start();
        long pid;
        Path directory;
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("qemu "), "child said: " + line);
            String[] words = line.split(" ", 3);
            pid = Long.parseLong(words[1]);
            directory = Path.of(words[2]);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "QEMU runs before the kill");
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "the child JVM died of SIGKILL, so no shutdown hook ran");

        awaitGone(pid, Duration.ofSeconds(10));

        TestFiles.deleteRecursively(directory);
    }

    /**
     * Run in a child JVM: starts a server, says where it is, then waits to be killed. Should the test
     * itself die first, end of file on stdin ends the child normally.
     */
    static final class OrphanedServer {
        private OrphanedServer() {
        }

        public static void main(String[] args) throws Exception {
            try (QemuServer server = QemuServer.start()) {
                System.out.println("qemu " + server.pid() + " " + server.directory());
                System.out.flush();
                System.in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    @Test
    void twoServersRunSideBySide() throws Exception {
        try (QemuServer first = QemuServer.start(); QemuServer second = QemuServer.start()) {
            assertNotEquals(first.port(), second.port());
            assertNotEquals(first.pid(), second.pid());
            assertEquals(0, link(first).error());
            assertEquals(0, link(second).error());
            first.qmp().stop();
            assertEquals("running", second.qmp().status());
            assertEquals("paused", first.qmp().status());
        }
    }
}
