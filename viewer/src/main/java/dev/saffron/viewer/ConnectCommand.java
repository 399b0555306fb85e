package dev.saffron.viewer;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --connect-command CMD}: a shell command that prints a virt-viewer connection file for the next
 * connection, run before the first connection and before every reconnect. Proxmox VE and oVirt hand out
 * tickets that last about 30 seconds, so a kiosk cannot keep one file: it asks for a fresh one each time, as
 * the shell loops around {@code remote-viewer -} do.
 *
 * <p>The command runs through {@code /bin/sh -c} with standard input from {@code /dev/null} and its standard
 * error on the viewer's, so its own messages reach the user. It gets a bounded time (the process and its
 * children are killed after it) and a bounded output ({@link VvFile#MAX_BYTES}). Its output holds a password:
 * it is never logged, and no message quotes it. Immutable.
 */
final class ConnectCommand {
    /** Less than a fresh ticket's 30 s life, so that a ticket fetched at the limit is still good to use. */
    static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(20);
    private static final String SOURCE = "the --connect-command output";
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private final String command;
    private final Duration timeLimit;

    /**
     * @param command   a shell command line
     * @param timeLimit how long it may run
     */
    ConnectCommand(String command, Duration timeLimit) {
        this.command = Objects.requireNonNull(command, "command");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
        if (command.isBlank()) {
            throw new IllegalArgumentException("the command is empty");
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive");
        }
    }

    /**
     * Runs the command and reads the connection file it prints.
     *
     * @throws SpiceException {@link SpiceError#TIMEOUT} when it runs past its time limit, {@link SpiceError#FAILED}
     *                        when it cannot start, exits with a failure status, prints more than a connection
     *                        file can hold, or prints something that is not a SPICE connection file
     * @throws InterruptedException if interrupted while it runs; the command is killed
     */
    VvFile run() throws SpiceException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw failed("cannot start /bin/sh: " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> output = new CompletableFuture<>();
            Thread.ofVirtual().name("saffron-connect-command-output").start(() -> {
                try (InputStream in = process.getInputStream()) {
                    output.complete(in.readNBytes(VvFile.MAX_BYTES + 1));
                } catch (IOException e) {
                    output.completeExceptionally(e);
                }
            });
            long deadline = System.nanoTime() + timeLimit.toNanos();
            byte[] bytes;
            try {
                bytes = output.get(timeLimit.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new SpiceException(SpiceError.TIMEOUT, "--connect-command printed no connection file within "
                        + seconds(timeLimit) + " s");
            } catch (ExecutionException e) {
                throw failed("cannot read its output: " + e.getCause().getMessage());
            }
            if (bytes.length > VvFile.MAX_BYTES) {
                throw failed("it printed more than " + VvFile.MAX_BYTES + " bytes, more than a connection file");
            }
            long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                throw new SpiceException(SpiceError.TIMEOUT, "--connect-command did not exit within "
                        + seconds(timeLimit) + " s");
            }
            if (process.exitValue() != 0) {
                throw failed("it exited with status " + process.exitValue());
            }
            try {
                return VvFile.read(new ByteArrayInputStream(bytes), SOURCE);
            } catch (UsageException e) {
                // VvFile's messages name keys and lines, never values of the password.
                throw failed(e.getMessage());
            }
        } finally {
            kill(process);
        }
    }

    /** Ends what is left of the command: its children first, since killing the shell orphans them. */
    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static SpiceException failed(String why) {
        return new SpiceException(SpiceError.FAILED, "--connect-command failed: " + why);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? String.valueOf(duration.toSeconds())
                : String.valueOf(duration.toMillis() / 1000.0);
    }
}
