package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The guest agent client against a scripted agent on a real unix socket. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GuestAgentTest {
    private static final Pattern COMMAND = Pattern.compile("\"execute\": \"([^\"]+)\"");
    private static final Pattern SYNC_ID = Pattern.compile("\"id\": (\\d+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private ServerSocketChannel server;
    private Thread agentThread;

    @AfterEach
    void stopAgent() throws Exception {
        if (server != null) {
            server.close();
        }
        if (agentThread != null) {
            agentThread.interrupt();
            agentThread.join(5000);
        }
    }

    /**
     * Serves one connection like qemu-ga behind a serial line: first whatever an earlier client left
     * unread ({@code stale}), then the sync reply once the client's 0xFF and sync request arrive, then one
     * reply per request from {@code replies} (null: say nothing).
     */
    private Path agent(byte[] stale, Function<String, String> replies) throws IOException {
        Path socket = directory.resolve("qga.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        agentThread = Thread.ofPlatform().daemon().start(() -> {
            try (SocketChannel peer = server.accept();
                 InputStream in = Channels.newInputStream(peer);
                 OutputStream out = Channels.newOutputStream(peer)) {
                out.write(stale);
                out.flush();
                if (in.read() != 0xFF) {
                    return;
                }
                for (String line = readLine(in); line != null; line = readLine(in)) {
                    requests.add(line);
                    Matcher command = COMMAND.matcher(line);
                    if (!command.find()) {
                        return;
                    }
                    if (command.group(1).equals("guest-sync-delimited")) {
                        Matcher id = SYNC_ID.matcher(line);
                        if (!id.find()) {
                            return;
                        }
                        out.write(0xFF);
                        out.write(("{\"return\": " + id.group(1) + "}\n").getBytes(StandardCharsets.UTF_8));
                    } else {
                        String reply = replies.apply(line);
                        if (reply != null) {
                            out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // The client went away; the test's own assertions tell what happened.
            }
        });
        return socket;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void syncSkipsWhatAnEarlierClientLeftUnread() throws Exception {
        byte[] stale = new byte[] {'{', '"', 'r', (byte) 0xC3, '\n', (byte) 0xFF, '{', '"', 'r', 'e', 't', 'u', 'r',
                'n', '"', ':', ' ', '1', '}', '\n'};
        Path socket = agent(stale, request -> "{\"return\": {}}");

        try (GuestAgent agent = GuestAgent.connect(socket, TIMEOUT)) {
            agent.ping();
        }

        assertEquals(2, requests.size(), requests.toString());
        assertTrue(requests.get(1).contains("\"guest-ping\""), requests.toString());
    }

    @Test
    void execPollsUntilTheProgramExitsAndDecodesItsOutput() throws Exception {
        int[] polls = {0};
        Path socket = agent(new byte[0], request -> {
            if (request.contains("\"guest-exec\"")) {
                return "{\"return\": {\"pid\": 42}}";
            }
            return ++polls[0] < 3 ? "{\"return\": {\"exited\": false}}"
                    : "{\"return\": {\"exited\": true, \"exitcode\": 3, \"out-data\": \"" + base64("5.10.0\n")
                    + "\", \"err-data\": \"" + base64("warning\n") + "\"}}";
        });

        GuestAgent.ExecResult result;
        try (GuestAgent agent = GuestAgent.connect(socket, TIMEOUT)) {
            result = agent.shell("uname -r; echo warning >&2; exit 3", TIMEOUT);
        }

        assertEquals(new GuestAgent.ExecResult(3, "5.10.0\n", "warning\n"), result);
        assertTrue(requests.get(1).contains("\"path\": \"/bin/sh\", \"arg\": [\"-c\", "
                + "\"uname -r; echo warning >&2; exit 3\"], \"capture-output\": true"), requests.get(1));
        assertEquals(3, requests.stream().filter(r -> r.contains("\"guest-exec-status\"")
                && r.contains("\"pid\": 42")).count(), requests.toString());
    }

    @Test
    void aProgramEndedBySignalReportsTheShellsStatus() throws Exception {
        Path socket = agent(new byte[0], request -> request.contains("\"guest-exec\"")
                ? "{\"return\": {\"pid\": 7}}" : "{\"return\": {\"exited\": true, \"signal\": 9}}");

        try (GuestAgent agent = GuestAgent.connect(socket, TIMEOUT)) {
            GuestAgent.ExecResult result = agent.exec(TIMEOUT, "sleep", "100");
            assertEquals(137, result.exitCode());
            assertEquals("", result.stdout());
        }
    }

    @Test
    void anErrorReplyNamesItsClass() throws Exception {
        Path socket = agent(new byte[0],
                request -> "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Guest agent command failed\"}}");

        try (GuestAgent agent = GuestAgent.connect(socket, TIMEOUT)) {
            QmpException e = assertThrows(QmpException.class, () -> agent.exec(TIMEOUT, "/no/such/program"));
            assertEquals("GenericError", e.errorClass().orElseThrow());
            assertTrue(e.getMessage().contains("Guest agent command failed"), e.getMessage());
        }
    }

    @Test
    void filesAreReadInChunksUntilEndOfFile() throws Exception {
        Path socket = agent(new byte[0], request -> {
            if (request.contains("\"guest-file-open\"")) {
                return "{\"return\": 1000}";
            }
            if (request.contains("\"guest-file-read\"")) {
                long reads = requests.stream().filter(r -> r.contains("\"guest-file-read\"")).count();
                String chunk = reads == 1 ? "hello " : "guest";
                return "{\"return\": {\"count\": " + chunk.length() + ", \"buf-b64\": \"" + base64(chunk)
                        + "\", \"eof\": " + (reads > 1) + "}}";
            }
            return "{\"return\": {}}";
        });

        byte[] content;
        try (GuestAgent agent = GuestAgent.connect(socket, TIMEOUT)) {
            content = agent.readFile("/etc/hostname");
        }

        assertArrayEquals("hello guest".getBytes(StandardCharsets.UTF_8), content);
        assertTrue(requests.getLast().contains("\"guest-file-close\"") && requests.getLast().contains("1000"),
                requests.toString());
    }

    @Test
    void writesAreSentBase64AndCheckedAgainstTheCountWritten() throws Exception {
        Path socket = agent(new byte[0], request -> {
            if (request.contains("\"guest-file-open\"")) {
                return "{\"return\": 5}";
            }
            if (request.contains("\"guest-file-write\"")) {
                return "{\"return\": {\"count\": 0, \"eof\": false}}";
            }
            return "{\"return\": {}}";
        });

        try (GuestAgent agent = GuestAgent.connect(socket, TIMEOUT)) {
            QmpException e = assertThrows(QmpException.class,
                    () -> agent.writeFile("/tmp/x", "data".getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("wrote 0 of 4"), e.getMessage());
        }
        assertTrue(requests.stream().anyMatch(r -> r.contains("\"buf-b64\": \"" + base64("data") + "\"")),
                requests.toString());
        assertTrue(requests.getLast().contains("\"guest-file-close\""), requests.toString());
    }

    @Test
    void aSilentAgentTimesOut() throws Exception {
        Path socket = agent(new byte[0], request -> null);

        try (GuestAgent agent = GuestAgent.connect(socket, Duration.ofMillis(300))) {
            QmpException e = assertThrows(QmpException.class, agent::ping);
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        }
    }
}
