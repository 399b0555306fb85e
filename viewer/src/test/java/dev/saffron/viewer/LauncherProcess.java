package dev.saffron.viewer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A headless {@code saffron} command run as a user runs it, through the launcher with the jars the build made:
 * what it prints on standard output, line by line, and what it says on standard error, kept in a file for failure
 * messages. The command ends with its standard input ({@link #endInput}) or is killed on {@link #close}.
 */
final class LauncherProcess implements AutoCloseable {
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent().resolve("saffron");

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Guarded by itself: every line printed so far. */
    private final List<String> printed = new ArrayList<>();

    private LauncherProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread.ofVirtual().start(this::readOutput);
    }

    /**
     * @param directory   where standard error is kept
     * @param environment variables added to the launcher's environment
     * @param arguments   the command and its arguments
     */
    static LauncherProcess start(Path directory, Map<String, String> environment, String... arguments)
            throws IOException {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is executable");
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        Path stderr = Files.createTempFile(directory, "saffron-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("SAFFRON_NO_BUILD", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return new LauncherProcess(builder.start(), stderr);
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (printed) {
                    printed.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(cannot read saffron's output: " + e.getMessage() + ")");
        }
    }

    Process process() {
        return process;
    }

    /** @return the next line printed, or null if none came within {@code timeout} */
    String nextLine(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the first line from now on that starts with {@code prefix}; fails after 90 s */
    String await(String prefix) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("saffron never said '" + prefix + "...'; it said " + printed() + "\n" + stderr());
    }

    /** @return every line printed so far */
    List<String> printed() {
        synchronized (printed) {
            return List.copyOf(printed);
        }
    }

    /** @return what the command said on standard error so far, introduced as such, for failure messages */
    String stderr() throws IOException {
        return Files.exists(stderr) ? "saffron said on stderr: " + Files.readString(stderr) : "";
    }

    /**
     * Closes the command's standard input, as a user ending it does.
     *
     * @return whether it ended within {@code limit}
     */
    boolean endInput(Duration limit) throws IOException, InterruptedException {
        process.getOutputStream().close();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
