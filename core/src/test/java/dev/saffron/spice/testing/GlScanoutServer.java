package dev.saffron.spice.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code scripts/gl-scanout-server}: spice-server itself on a unix socket, showing a 640x480 XRGB8888 memfd GL
 * scanout whose pixel (x, y) is {@link #pattern(int, int)}. The script builds the server on first use (gcc and
 * libspice-server-dev), which can take a while on a loaded machine.
 */
public final class GlScanoutServer implements AutoCloseable {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    private static final String SCRIPT = "scripts/gl-scanout-server";
    private static final Duration START = Duration.ofSeconds(120);

    /** What the server does after its first full-frame draw. */
    public enum Mode {
        STILL(List.of()), ANIMATE(List.of("--animate")), ERRORS(List.of("--errors"));

        private final List<String> arguments;

        Mode(List<String> arguments) {
            this.arguments = arguments;
        }
    }

    private final Process process;
    private final Path directory;
    private final Path socket;

    private GlScanoutServer(Process process, Path directory, Path socket) {
        this.process = process;
        this.directory = directory;
        this.socket = socket;
    }

    /** Starts the server and returns once it listens. */
    public static GlScanoutServer start(Mode mode) throws IOException {
        Path script = TestFiles.repositoryRoot(SCRIPT).resolve(SCRIPT);
        Path directory = Files.createTempDirectory("saffron-gl-scanout-");
        Path socket = directory.resolve("spice.sock");
        List<String> command = new ArrayList<>(List.of(script.toString(), socket.toString()));
        command.addAll(mode.arguments);
        Process process = new ProcessBuilder(command)
                .redirectError(directory.resolve("server.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        GlScanoutServer server = new GlScanoutServer(process, directory, socket);
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = firstLine.get(START.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || !line.startsWith("listening on ")) {
                throw new IOException(SCRIPT + " did not start (" + line + "): " + server.log());
            }
            return server;
        } catch (InterruptedException | ExecutionException | TimeoutException | IOException e) {
            String log = server.log();
            server.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(SCRIPT + " did not start within " + START + ": " + log, e);
        }
    }

    /** @return the expected colour of pixel (x, y) of the still frame, as 0xRRGGBB */
    public static int pattern(int x, int y) {
        return (x % 256) << 16 | (y % 256) << 8 | (x ^ y) % 256;
    }

    public Path socket() {
        return socket;
    }

    /** @return what the server wrote to stderr so far (spice-server's warnings, draw counts) */
    public String log() {
        try {
            return Files.readString(directory.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            TestFiles.deleteRecursively(directory);
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
