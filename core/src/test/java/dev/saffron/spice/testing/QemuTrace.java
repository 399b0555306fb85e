package dev.saffron.spice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * QEMU's own record of what it did: trace events written to a log file ({@code -trace} and {@code -D}). The
 * input layer's events ({@code input_event_*}) say exactly which key, button and pointer move QEMU passed to
 * the guest's devices, an oracle for input that needs no guest.
 */
public final class QemuTrace {
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path file;

    /** @param directory where the log goes; it must be private to the test */
    public QemuTrace(Path directory) {
        this.file = directory.resolve("qemu-trace.log");
    }

    /**
     * @param events trace event names, patterns allowed ({@code input_event_*})
     * @return QEMU arguments that record those events in this log
     */
    public String[] arguments(String... events) {
        List<String> arguments = new ArrayList<>(List.of("-D", file.toString()));
        for (String event : events) {
            arguments.add("-trace");
            arguments.add(event);
        }
        return arguments.toArray(String[]::new);
    }

    /** @return the log's lines that contain {@code text}, in order (empty before QEMU wrote any) */
    public List<String> lines(String text) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> matching = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.contains(text)) {
                matching.add(line);
            }
        }
        return matching;
    }

    /**
     * Waits until the lines containing {@code text} satisfy {@code done}.
     *
     * @return those lines at that moment
     * @throws AssertionError with the lines seen, if that does not happen within {@code timeout}
     */
    public List<String> await(String text, Predicate<List<String>> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = lines(text);
            if (done.test(lines)) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("QEMU's trace never showed what was expected; lines with '" + text + "':\n"
                        + String.join("\n", lines));
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
