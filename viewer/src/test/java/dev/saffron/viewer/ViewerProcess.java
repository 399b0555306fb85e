package dev.saffron.viewer;

import dev.saffron.spice.testing.XvfbServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer started as a user starts it ({@code ./saffron URI}) on a test's X server, with Mesa's software
 * OpenGL, and its standard error kept in a file. Ended on {@link #close()}.
 */
record ViewerProcess(Process process, Path stderr) implements AutoCloseable {
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).getParent().resolve("saffron");

    /**
     * @param x           the X server, or null to start it without a display
     * @param environment variables added to the launcher's environment
     */
    static ViewerProcess start(Path directory, XvfbServer x, Map<String, String> environment, String... args)
            throws IOException {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is executable");
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(Arrays.asList(args));
        Path stderr = Files.createTempFile(directory, "viewer-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        builder.environment().remove("WAYLAND_DISPLAY");
        if (x != null) {
            builder.environment().put("DISPLAY", x.display());
        } else {
            builder.environment().remove("DISPLAY");
        }
        builder.environment().put("LIBGL_ALWAYS_SOFTWARE", "1");
        builder.environment().put("SAFFRON_NO_BUILD", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return new ViewerProcess(builder.start(), stderr);
    }

    /** @return what the viewer wrote on standard error so far */
    String err() throws IOException {
        return Files.readString(stderr);
    }

    /** @return whether standard error holds {@code text} by now */
    boolean errContains(String text) {
        try {
            return err().contains(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
