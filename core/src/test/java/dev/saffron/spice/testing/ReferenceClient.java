package dev.saffron.spice.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * spice-gtk's {@code spicy-screenshot}, the reference client: it connects, waits for the primary surface
 * and saves it. What it sees is the oracle for what our display channel must draw. It needs no X display.
 */
public final class ReferenceClient {
    /** Enough for a loaded two-core machine; an answer normally takes well under a second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int OUTPUT_TAIL_BYTES = 2000;
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(250);

    private ReferenceClient() {
    }

    /**
     * @param server a running server; its password, if any, is sent
     * @return what the reference client shows of the server's primary display
     * @throws IOException if the client fails, times out or writes no valid image
     */
    public static PpmImage screenshot(QemuServer server) throws IOException {
        return screenshot(server.host(), server.port(), server.password(), DEFAULT_TIMEOUT);
    }

    /**
     * Waits until the guest shows a screen of its own that the reference client sees exactly as QEMU
     * does, and leaves the guest paused on it: the stable picture display tests compare against.
     *
     * <p>Until the firmware sets a video mode QEMU's screendump shows a placeholder that SPICE clients
     * never receive, and SPICE only learns of guest drawing at display refreshes, which stop with the
     * guest. So this pauses the guest, compares, and on a mismatch lets it run a little and tries again.
     *
     * @param server  a running server
     * @param timeout how long to keep trying
     * @return the screen both agree on, with more than one colour
     * @throws IOException if they do not agree within the timeout, or a client run fails
     */
    public static PpmImage pauseOnAgreedScreen(QemuServer server, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastMismatch = "none yet";
        while (true) {
            server.qmp().stop();
            PpmImage expected = server.screendump();
            PpmImage seen = screenshot(server);
            if (expected.equals(seen) && hasMoreThanOneColour(expected)) {
                return expected;
            }
            lastMismatch = "QEMU " + expected + ", spicy-screenshot " + seen
                    + (expected.width() == seen.width() && expected.height() == seen.height()
                    ? " differing in " + expected.differingPixels(seen) + " pixels" : "");
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("spicy-screenshot and QEMU's screendump did not agree within " + timeout
                        + "; last: " + lastMismatch);
            }
            server.qmp().cont();
            try {
                Thread.sleep(RETRY_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the screens to agree");
            }
        }
    }

    private static boolean hasMoreThanOneColour(PpmImage image) {
        int[] pixels = image.pixels();
        for (int pixel : pixels) {
            if (pixel != pixels[0]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code spicy-screenshot}. The password goes on its command line, where other local users can
     * read it: use throw-away test passwords only.
     *
     * @param host     server address
     * @param port     server port (plain TCP)
     * @param password the SPICE ticket, or empty
     * @param timeout  how long the client may run
     * @return what the reference client shows of the server's primary display
     * @throws IOException           if the client exits with an error, times out or writes no valid image
     * @throws IllegalStateException if spicy-screenshot is not installed
     */
    public static PpmImage screenshot(String host, int port, Optional<String> password, Duration timeout)
            throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        Path executable = Tool.SPICY_SCREENSHOT.require();
        Path directory = Files.createTempDirectory("saffron-spicy-");
        try {
            Path image = directory.resolve("screen.ppm");
            Path output = directory.resolve("output.txt");
            List<String> command = new ArrayList<>(List.of(executable.toString(),
                    "-h", host, "-p", Integer.toString(port), "-o", image.toString()));
            password.ifPresent(p -> command.addAll(List.of("-w", p)));
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try {
                if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IOException("spicy-screenshot did not finish within " + timeout + "; output:\n"
                            + TestFiles.tail(output, OUTPUT_TAIL_BYTES));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while spicy-screenshot ran");
            } finally {
                process.destroyForcibly();
            }
            if (process.exitValue() != 0) {
                throw new IOException("spicy-screenshot exited with status " + process.exitValue() + "; output:\n"
                        + TestFiles.tail(output, OUTPUT_TAIL_BYTES));
            }
            if (!Files.exists(image)) {
                throw new IOException("spicy-screenshot wrote no image; output:\n"
                        + TestFiles.tail(output, OUTPUT_TAIL_BYTES));
            }
            return PpmImage.read(image);
        } finally {
            TestFiles.deleteRecursively(directory);
        }
    }
}
