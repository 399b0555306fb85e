package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The QMP client against a scripted peer on a real unix socket. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class QmpTest {
    private static final String GREETING =
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}}, \"capabilities\": []}}";
    private static final Pattern COMMAND = Pattern.compile("\"execute\": \"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\": (\\d+)");

    @TempDir
    Path directory;

    private ServerSocketChannel server;
    private Thread peer;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** Answers each request line with the lines the script returns for (command, id). */
    private Path startPeer(String greeting, BiFunction<String, String, List<String>> script) throws IOException {
        Path socket = directory.resolve("qmp.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        peer = Thread.ofPlatform().daemon().start(() -> {
            try (SocketChannel connection = server.accept()) {
                OutputStream out = Channels.newOutputStream(connection);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.UTF_8));
                out.write((greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    requests.add(line);
                    Matcher command = COMMAND.matcher(line);
                    Matcher id = ID.matcher(line);
                    if (!command.find() || !id.find()) {
                        return;
                    }
                    List<String> reply = script.apply(command.group(1), id.group(1));
                    if (reply == null) {
                        return;
                    }
                    for (String message : reply) {
                        out.write((message + "\r\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // the client went away; the test's assertions say whether that was expected
            }
        });
        return socket;
    }

    private static List<String> ok(String id) {
        return List.of("{\"return\": {}, \"id\": " + id + "}");
    }

    @AfterEach
    void stopPeer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (peer != null) {
            peer.join(5000);
        }
    }

    @Test
    void negotiatesCapabilitiesThenReturnsTheRawReturnValue() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "query-status" ->
                    List.of("{\"return\": {\"status\": \"paused\", \"running\": false}, \"id\": " + id + "}");
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            assertEquals(GREETING, qmp.greeting());
            assertEquals("{\"status\": \"paused\", \"running\": false}", qmp.execute("query-status"));
            assertEquals("paused", qmp.status());
        }
        assertTrue(requests.get(0).contains("\"qmp_capabilities\""), requests.get(0));
    }

    @Test
    void sendsArgumentsVerbatim() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> ok(id));

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            qmp.execute("screendump", "{\"filename\": \"/tmp/a b.ppm\"}");
        }
        assertTrue(requests.get(1).contains("\"arguments\": {\"filename\": \"/tmp/a b.ppm\"}"), requests.get(1));
    }

    @Test
    void rejectsArgumentsThatAreNotAJsonObject() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> ok(id));

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            assertThrows(IllegalArgumentException.class, () -> qmp.execute("stop", "[1]"));
            assertThrows(IllegalArgumentException.class, () -> qmp.execute("stop", "{\"a\": 1}, \"b\": {"));
        }
    }

    @Test
    void keepsEventsThatArriveBeforeTheReply() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "stop" -> List.of(
                    "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}",
                    "{\"return\": {}, \"id\": " + id + "}");
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            qmp.stop();
            String event = qmp.awaitEvent("STOP", Duration.ofSeconds(1));
            assertEquals("\"STOP\"", QmpJson.members(event).get("event"));
            assertThrows(QmpException.class, () -> qmp.awaitEvent("STOP", Duration.ofMillis(200)));
        }
    }

    @Test
    void clearEventsForgetsKeptEvents() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "cont" -> List.of("{\"event\": \"RESUME\"}", "{\"return\": {}, \"id\": " + id + "}");
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            qmp.cont();
            qmp.clearEvents();
            assertThrows(QmpException.class, () -> qmp.awaitEvent("RESUME", Duration.ofMillis(200)));
        }
    }

    @Test
    void anErrorReplyThrowsWithItsClassAndDescription() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "nonsense" -> List.of("{\"id\": " + id + ", \"error\": {\"class\": \"CommandNotFound\","
                    + " \"desc\": \"The command nonsense has not been found\"}}");
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            QmpException e = assertThrows(QmpException.class, () -> qmp.execute("nonsense"));
            assertEquals("CommandNotFound", e.errorClass().orElseThrow());
            assertTrue(e.getMessage().contains("The command nonsense has not been found"), e.getMessage());
        }
    }

    @Test
    void aReplyForAnotherIdFails() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "stop" -> List.of("{\"return\": {}, \"id\": 999}");
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            QmpException e = assertThrows(QmpException.class, qmp::stop);
            assertTrue(e.errorClass().isEmpty());
        }
    }

    @Test
    void aMalformedReplyFails() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "stop" -> List.of("{\"return\": {}, \"id\": " + id);
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            assertThrows(QmpException.class, qmp::stop);
        }
    }

    @Test
    void noReplyTimesOut() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "stop" -> List.of();
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofMillis(500))) {
            long start = System.nanoTime();
            QmpException e = assertThrows(QmpException.class, qmp::stop);
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos());
        }
    }

    @Test
    void thePeerClosingFails() throws Exception {
        Path socket = startPeer(GREETING, (command, id) -> switch (command) {
            case "quit" -> null;
            default -> ok(id);
        });

        try (Qmp qmp = Qmp.connect(socket, Duration.ofSeconds(5))) {
            QmpException e = assertThrows(QmpException.class, () -> qmp.execute("quit"));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void aPeerThatDoesNotGreetWithQmpIsRejected() throws Exception {
        Path socket = startPeer("{\"hello\": 1}", (command, id) -> ok(id));

        assertThrows(QmpException.class, () -> Qmp.connect(socket, Duration.ofSeconds(5)));
    }
}
