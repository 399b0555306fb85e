package dev.saffron.spice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client for qemu-guest-agent, the daemon in the test guest that runs commands and reads and writes files
 * for the host, reached through QEMU's chardev socket for the {@code org.qemu.guest_agent.0} port.
 *
 * <p>The agent speaks QMP's JSON without greeting or events, over a serial line that keeps whatever an
 * earlier connection left unread. Each connection therefore starts with a {@code 0xFF} byte (which makes the
 * agent drop a half-read request) and {@code guest-sync-delimited} with a random id: the agent answers
 * {@code 0xFF} followed by that id, and everything before the {@code 0xFF} is stale. Every exchange is bounded
 * by the timeout given to {@link #connect}. Thread-safe: calls are serialised.
 */
public final class GuestAgent implements AutoCloseable {
    private static final Duration POLLED_COMMAND_LIMIT = Duration.ofSeconds(30);
    /** qemu-ga caps captured output at 16 MiB; base64 makes it a third larger. */
    private static final int MAX_LINE_BYTES = 32 << 20;
    private static final byte SYNC_DELIMITER = (byte) 0xFF;
    private static final int MAX_SYNC_REPLY_BYTES = 256;
    private static final Duration EXEC_POLL_INTERVAL = Duration.ofMillis(50);
    /** Bytes per guest-file-read and guest-file-write exchange. */
    private static final int FILE_CHUNK_BYTES = 48 * 1024;

    private final JsonLineSocket socket;
    private final Duration timeout;

    /**
     * What a command run with {@link #exec} or {@link #shell} did.
     *
     * @param exitCode the exit status, or 128 plus the signal number when a signal ended it
     * @param stdout   its standard output, decoded as UTF-8
     * @param stderr   its standard error, decoded as UTF-8
     */
    public record ExecResult(int exitCode, String stdout, String stderr) {
        /** @throws NullPointerException if an output is null */
        public ExecResult {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        /** @return whether the command exited with status 0 */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private GuestAgent(JsonLineSocket socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /**
     * Connects and synchronises with the agent, which proves it is running in the guest.
     *
     * @param socket  the path of QEMU's chardev socket for the guest agent's port
     * @param timeout the longest any single exchange may take
     * @return a synchronised client
     * @throws IOException if the socket cannot be reached or the agent does not answer in time
     */
    public static GuestAgent connect(Path socket, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        GuestAgent agent = new GuestAgent(
                JsonLineSocket.connect(socket, "the guest agent", MAX_LINE_BYTES, 64 * 1024), timeout);
        try {
            agent.synchronise();
            return agent;
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    /**
     * @param command       an agent command, e.g. {@code guest-info}
     * @param argumentsJson its {@code arguments} as one JSON object, or null for none
     * @return the raw JSON text of the reply's {@code return} value
     * @throws QmpException if the agent answers with an error, or the exchange breaks or times out
     * @throws IOException  if the socket fails
     */
    public synchronized String execute(String command, String argumentsJson) throws IOException {
        Objects.requireNonNull(command, "command");
        StringBuilder request = new StringBuilder("{\"execute\": ").append(QmpJson.quote(command));
        if (argumentsJson != null) {
            try {
                QmpJson.members(argumentsJson);
            } catch (QmpException e) {
                throw new IllegalArgumentException("arguments are not a JSON object: " + e.getMessage(), e);
            }
            request.append(", \"arguments\": ").append(argumentsJson);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        socket.write(request.append("}\n").toString(), deadline, command);
        Map<String, String> reply = QmpJson.members(socket.readLine(deadline, "the reply to " + command));
        if (reply.containsKey("return")) {
            return reply.get("return");
        }
        String error = reply.get("error");
        if (error == null) {
            throw new QmpException("guest agent reply to " + command + " has neither return nor error");
        }
        Map<String, String> details = QmpJson.members(error);
        String errorClass = details.containsKey("class") ? QmpJson.string(details.get("class")) : "unknown";
        String description = details.containsKey("desc") ? QmpJson.string(details.get("desc")) : "";
        throw new QmpException(command + " failed in the guest: " + errorClass + ": " + description, errorClass);
    }

    /** @throws IOException if the agent does not answer {@code guest-ping} */
    public void ping() throws IOException {
        execute("guest-ping", null);
    }

    /**
     * Runs a program in the guest and waits for it to end, collecting its output.
     *
     * @param limit     how long the program may run
     * @param program   the program, looked up on the agent's {@code PATH}
     * @param arguments its arguments
     * @return what it did
     * @throws QmpException if the agent cannot start it, or it is still running after {@code limit}
     */
    public ExecResult exec(Duration limit, String program, String... arguments) throws IOException {
        long pid = start(program, List.of(arguments), true);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Map<String, String> status = QmpJson.members(execute("guest-exec-status", "{\"pid\": " + pid + "}"));
            if ("true".equals(status.get("exited"))) {
                int exitCode = status.containsKey("exitcode") ? integer(status, "exitcode")
                        : 128 + integer(status, "signal");
                return new ExecResult(exitCode, base64Text(status.get("out-data")), base64Text(status.get("err-data")));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new QmpException(program + " " + String.join(" ", arguments) + " still runs in the guest after "
                        + limit);
            }
            sleep(EXEC_POLL_INTERVAL);
        }
    }

    /**
     * Runs a shell command line in the guest ({@code /bin/sh -c}) and waits for it to end.
     *
     * @param commandLine the command line
     * @param limit       how long it may run
     * @return what it did
     * @throws QmpException if the agent cannot start the shell, or it is still running after {@code limit}
     */
    public ExecResult shell(String commandLine, Duration limit) throws IOException {
        return exec(limit, "/bin/sh", "-c", commandLine);
    }

    /**
     * Runs a shell command line again and again, half a second apart, until what it prints (standard output
     * and error together) contains {@code expected}, for guest state that follows the host's after a while
     * (a card seen by the guest's pcscd, a mode set by its agent).
     *
     * @param wait how long to keep trying; each run may take up to 30 seconds of its own
     * @return what the run that printed {@code expected} printed, or else the last run's output and exit code
     */
    public String shellUntil(String commandLine, String expected, Duration wait)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        ExecResult result;
        do {
            result = shell(commandLine, POLLED_COMMAND_LIMIT);
            String printed = result.stdout() + result.stderr();
            if (printed.contains(expected)) {
                return printed;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return result.stdout() + " (stderr: " + result.stderr() + ", exit " + result.exitCode() + ")";
    }

    /**
     * Starts a shell command line in the guest and returns at once, for workloads that run alongside a test.
     * Its output is discarded; end it with a time limit of its own or a later {@link #shell} command.
     *
     * @param commandLine the command line
     * @return the process id in the guest
     * @throws QmpException if the agent cannot start the shell
     */
    public long spawn(String commandLine) throws IOException {
        return start("/bin/sh", List.of("-c", commandLine), false);
    }

    /**
     * @param path a file in the guest
     * @return its whole content
     * @throws QmpException if the agent cannot open or read it
     */
    public byte[] readFile(String path) throws IOException {
        long handle = open(path, "r");
        try {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                Map<String, String> chunk = QmpJson.members(execute("guest-file-read",
                        "{\"handle\": " + handle + ", \"count\": " + FILE_CHUNK_BYTES + "}"));
                byte[] data = base64(chunk.get("buf-b64"));
                if (data.length > MAX_LINE_BYTES - content.size()) {
                    throw new QmpException(path + " in the guest is larger than " + MAX_LINE_BYTES + " bytes");
                }
                content.write(data);
                if ("true".equals(chunk.get("eof")) || data.length == 0) {
                    return content.toByteArray();
                }
            }
        } finally {
            closeFile(handle);
        }
    }

    /**
     * Creates or replaces a file in the guest.
     *
     * @param path    the file in the guest
     * @param content what it must hold
     * @throws QmpException if the agent cannot open or write it
     */
    public void writeFile(String path, byte[] content) throws IOException {
        long handle = open(path, "w");
        try {
            for (int offset = 0; offset < content.length; ) {
                int length = Math.min(FILE_CHUNK_BYTES, content.length - offset);
                String data = Base64.getEncoder().encodeToString(
                        Arrays.copyOfRange(content, offset, offset + length));
                Map<String, String> written = QmpJson.members(execute("guest-file-write",
                        "{\"handle\": " + handle + ", \"buf-b64\": " + QmpJson.quote(data) + "}"));
                int count = integer(written, "count");
                if (count <= 0 || count > length) {
                    throw new QmpException("guest-file-write wrote " + count + " of " + length + " bytes");
                }
                offset += count;
            }
        } finally {
            closeFile(handle);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        socket.close();
    }

    private long start(String program, List<String> arguments, boolean captureOutput) throws IOException {
        List<String> quoted = new ArrayList<>();
        for (String argument : arguments) {
            quoted.add(QmpJson.quote(argument));
        }
        String reply = execute("guest-exec", "{\"path\": " + QmpJson.quote(program)
                + ", \"arg\": [" + String.join(", ", quoted) + "], \"capture-output\": " + captureOutput + "}");
        return integer(QmpJson.members(reply), "pid");
    }

    private long open(String path, String mode) throws IOException {
        String handle = execute("guest-file-open", "{\"path\": " + QmpJson.quote(path)
                + ", \"mode\": " + QmpJson.quote(mode) + "}");
        try {
            return Long.parseLong(handle.strip());
        } catch (NumberFormatException e) {
            throw new QmpException("guest-file-open returned " + handle + " instead of a handle");
        }
    }

    private void closeFile(long handle) throws IOException {
        execute("guest-file-close", "{\"handle\": " + handle + "}");
    }

    /**
     * Sends {@code 0xFF} and {@code guest-sync-delimited}, then skips everything up to the agent's
     * {@code 0xFF} and our id: leftovers of an earlier connection, including its own sync replies.
     */
    private synchronized void synchronise() throws IOException {
        long id = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer request = ByteBuffer.allocate(128).put(SYNC_DELIMITER)
                .put(("{\"execute\": \"guest-sync-delimited\", \"arguments\": {\"id\": " + id + "}}\n")
                        .getBytes(StandardCharsets.UTF_8))
                .flip();
        socket.write(request, deadline, "guest-sync-delimited");
        ByteArrayOutputStream reply = null;
        while (true) {
            ByteBuffer readBuffer = socket.readBytes(deadline, "the guest agent's sync reply");
            while (readBuffer.hasRemaining()) {
                byte b = readBuffer.get();
                if (b == SYNC_DELIMITER) {
                    reply = new ByteArrayOutputStream();
                } else if (reply != null && b == '\n') {
                    if (isSyncReply(reply.toString(StandardCharsets.UTF_8), id)) {
                        socket.pushBack(readBuffer);
                        return;
                    }
                    reply = null;
                } else if (reply != null) {
                    if (reply.size() == MAX_SYNC_REPLY_BYTES) {
                        throw new QmpException("the guest agent's sync reply is longer than "
                                + MAX_SYNC_REPLY_BYTES + " bytes");
                    }
                    reply.write(b);
                }
            }
        }
    }

    private static boolean isSyncReply(String line, long id) {
        try {
            return String.valueOf(id).equals(QmpJson.members(line).get("return"));
        } catch (QmpException e) {
            return false;
        }
    }

    private static int integer(Map<String, String> members, String name) throws QmpException {
        String value = members.get(name);
        if (value == null) {
            throw new QmpException("guest agent reply lacks \"" + name + "\"");
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new QmpException("guest agent sent " + name + " " + value + ", not an integer");
        }
    }

    private static byte[] base64(String json) throws QmpException {
        if (json == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(QmpJson.string(json));
        } catch (IllegalArgumentException e) {
            throw new QmpException("guest agent sent invalid base64: " + e.getMessage());
        }
    }

    private static String base64Text(String json) throws QmpException {
        return new String(base64(json), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the guest");
        }
    }
}
