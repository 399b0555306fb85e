package dev.saffron.spice.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * A client for QEMU's machine protocol (QMP) over a unix socket. Commands run one at a time and wait
 * for their own reply (matched by {@code id}); asynchronous events that arrive meanwhile are kept, up to
 * a limit, for {@link #awaitEvent}. Every wait is bounded by the timeout given to {@link #connect}.
 * Thread-safe: calls are serialised.
 */
public final class Qmp implements AutoCloseable {
    /** QMP replies are small; the largest (query-qmp-schema) is well under this. */
    private static final int MAX_LINE_BYTES = 4 << 20;
    /** Events nobody waits for are dropped oldest first beyond this many. */
    private static final int MAX_KEPT_EVENTS = 1000;

    private final JsonLineSocket socket;
    private final Duration timeout;
    private final ArrayDeque<String> events = new ArrayDeque<>();
    private String greeting;
    private long nextId = 1;

    private Qmp(JsonLineSocket socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /**
     * Connects, reads QEMU's greeting and leaves capabilities negotiation mode, so commands can run.
     *
     * @param socket  the path of QEMU's QMP server socket
     * @param timeout the longest any single exchange may take
     * @return a connected client in command mode
     * @throws IOException if the socket cannot be reached or the peer does not speak QMP in time
     */
    public static Qmp connect(Path socket, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        Qmp qmp = new Qmp(JsonLineSocket.connect(socket, "QMP", MAX_LINE_BYTES, 16 * 1024), timeout);
        try {
            qmp.handshake();
            return qmp;
        } catch (IOException | RuntimeException e) {
            qmp.close();
            throw e;
        }
    }

    /** @return QEMU's greeting object, raw JSON, e.g. {@code {"QMP": {"version": ...}}} */
    public synchronized String greeting() {
        return greeting;
    }

    /**
     * @param command a QMP command name, e.g. {@code query-status}
     * @return the raw JSON text of the reply's {@code return} value
     * @throws QmpException if QEMU answers with an error (see {@link QmpException#errorClass()}), or the
     *                      exchange breaks or times out
     * @throws IOException  if the socket fails
     */
    public String execute(String command) throws IOException {
        return send(command, null);
    }

    /**
     * @param command       a QMP command name, e.g. {@code screendump}
     * @param argumentsJson the command's {@code arguments}: one JSON object, e.g. {@code {"filename": "/tmp/x.ppm"}}
     * @return the raw JSON text of the reply's {@code return} value
     * @throws IllegalArgumentException if {@code argumentsJson} is not one valid JSON object
     * @throws QmpException             if QEMU answers with an error, or the exchange breaks or times out
     * @throws IOException              if the socket fails
     */
    public String execute(String command, String argumentsJson) throws IOException {
        try {
            QmpJson.members(argumentsJson);
        } catch (QmpException e) {
            throw new IllegalArgumentException("arguments are not a JSON object: " + e.getMessage(), e);
        }
        return send(command, argumentsJson);
    }

    /** Pauses the guest's CPUs (QMP {@code stop}); the display stays as it is. */
    public void stop() throws IOException {
        execute("stop");
    }

    /** Resumes the guest's CPUs (QMP {@code cont}). */
    public void cont() throws IOException {
        execute("cont");
    }

    /** @return the run state from {@code query-status}, e.g. {@code running} or {@code paused} */
    public String status() throws IOException {
        String state = QmpJson.members(execute("query-status")).get("status");
        if (state == null) {
            throw new QmpException("query-status returned no status");
        }
        return QmpJson.string(state);
    }

    /**
     * Returns the oldest event named {@code name} that no one has taken yet, reading from QEMU until one
     * arrives. The event is taken: a second call waits for the next one.
     *
     * @param name    an event name, e.g. {@code SPICE_INITIALIZED}
     * @param timeout how long to wait
     * @return the raw JSON text of the whole event object
     * @throws QmpException if none arrives in time or QEMU sends a reply no command asked for
     */
    public synchronized String awaitEvent(String name, Duration timeout) throws IOException {
        Objects.requireNonNull(name, "name");
        Iterator<String> kept = events.iterator();
        while (kept.hasNext()) {
            String event = kept.next();
            if (name.equals(eventName(event))) {
                kept.remove();
                return event;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = socket.readLine(deadline, "event " + name);
            Map<String, String> members = QmpJson.members(message);
            if (!members.containsKey("event")) {
                throw new QmpException("QMP sent a message while no command was waiting");
            }
            if (name.equals(QmpJson.string(members.get("event")))) {
                return message;
            }
            keep(message);
        }
    }

    /** Forgets every event kept so far, so later waits see only what happens from now on. */
    public synchronized void clearEvents() {
        events.clear();
    }

    @Override
    public synchronized void close() throws IOException {
        socket.close();
    }

    private synchronized void handshake() throws IOException {
        String message = socket.readLine(System.nanoTime() + timeout.toNanos(), "the QMP greeting");
        if (!QmpJson.members(message).containsKey("QMP")) {
            throw new QmpException("the peer did not greet with a QMP object");
        }
        greeting = message;
        execute("qmp_capabilities");
    }

    private synchronized String send(String command, String argumentsJson) throws IOException {
        Objects.requireNonNull(command, "command");
        long id = nextId++;
        StringBuilder request = new StringBuilder("{\"execute\": ").append(QmpJson.quote(command));
        if (argumentsJson != null) {
            request.append(", \"arguments\": ").append(argumentsJson);
        }
        request.append(", \"id\": ").append(id).append("}\n");
        long deadline = System.nanoTime() + timeout.toNanos();
        socket.write(request.toString(), deadline, command);
        while (true) {
            String message = socket.readLine(deadline, "the reply to " + command);
            Map<String, String> members = QmpJson.members(message);
            if (members.containsKey("event")) {
                keep(message);
                continue;
            }
            String replyId = members.get("id");
            if (!String.valueOf(id).equals(replyId)) {
                throw new QmpException("reply id " + replyId + " does not match " + command + "'s id " + id);
            }
            if (members.containsKey("return")) {
                return members.get("return");
            }
            String error = members.get("error");
            if (error == null) {
                throw new QmpException("reply to " + command + " has neither return nor error");
            }
            Map<String, String> details = QmpJson.members(error);
            String errorClass = details.containsKey("class") ? QmpJson.string(details.get("class")) : "unknown";
            String description = details.containsKey("desc") ? QmpJson.string(details.get("desc")) : "";
            throw new QmpException(command + " failed: " + errorClass + ": " + description, errorClass);
        }
    }

    private void keep(String event) {
        if (events.size() == MAX_KEPT_EVENTS) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    private static String eventName(String event) {
        try {
            String name = QmpJson.members(event).get("event");
            return name == null ? null : QmpJson.string(name);
        } catch (QmpException e) {
            throw new IllegalStateException("a kept event was validated when it arrived", e);
        }
    }
}
