package dev.saffron.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a benchmarked program: its standard output and wall time. Its output goes to files next to
 * the error log (so a hung program cannot stall the reader), and a failure quotes the log's tail.
 *
 * @param stdout    what it printed
 * @param wallNanos from just before the process was started until its exit was seen
 */
record ChildRun(String stdout, long wallNanos) {
    private static final int LOG_TAIL = 2000;

    /**
     * @throws IOException if it cannot start, runs past {@code timeout} (it is killed) or exits non-zero
     */
    static ChildRun run(List<String> command, Path errorLog, Duration timeout) throws IOException,
            InterruptedException {
        return run(command, Map.of(), errorLog, timeout);
    }

    /**
     * @param environment variables set for the program, besides this process's
     * @throws IOException if it cannot start, runs past {@code timeout} (it is killed) or exits non-zero
     */
    static ChildRun run(List<String> command, Map<String, String> environment, Path errorLog, Duration timeout)
            throws IOException, InterruptedException {
        Path outputFile = errorLog.resolveSibling(errorLog.getFileName() + ".stdout");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errorLog.toFile())
                .redirectOutput(outputFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(command.getFirst() + " ran past " + timeout + ":\n" + tail(errorLog));
        }
        long wall = System.nanoTime() - start;
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                    + tail(errorLog));
        }
        return new ChildRun(Files.readString(outputFile, StandardCharsets.UTF_8), wall);
    }

    /** @return the non-blank lines of standard output, where the collectors print their samples */
    List<String> lines() throws IOException {
        List<String> lines = stdout.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException("the program printed nothing");
        }
        return lines;
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return text.length() <= LOG_TAIL ? text : text.substring(text.length() - LOG_TAIL);
    }
}
