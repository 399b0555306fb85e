package dev.saffron.spice.testing;


import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless X server for one test, on a display number it picks itself ({@code -displayfd}), so that tests
 * running side by side never share one. Killed on {@link #close()}, and by a shutdown hook if the JVM ends
 * first. Also runs the X tools the tests use against it: xdotool and xwd, whose dumps {@link XwdImage} reads.
 */
public final class XvfbServer implements AutoCloseable {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern GEOMETRY = Pattern.compile("Geometry: (\\d+)x(\\d+)");

    private final Process process;
    private final String display;
    private final Path directory;
    private final Thread reaper;

    private XvfbServer(Process process, String display, Path directory) {
        this.process = process;
        this.display = display;
        this.directory = directory;
        this.reaper = new Thread(process::destroyForcibly, "saffron-xvfb-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts Xvfb with one 24-bit screen of the given size, and waits until it takes connections. */
    public static XvfbServer start(int width, int height, Path directory) throws IOException {
        Path xvfb = Tool.XVFB.require();
        Process process = new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0",
                width + "x" + height + "x24", "-nolisten", "tcp", "-noreset")
                .redirectError(directory.resolve("xvfb-stderr.txt").toFile())
                .start();
        try {
            String number = readLine(process.getInputStream());
            if (!number.matches("\\d+")) {
                throw new IOException("Xvfb reported display '" + number + "'; stderr: "
                        + Files.readString(directory.resolve("xvfb-stderr.txt")));
            }
            return new XvfbServer(process, ":" + number, directory);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n' && b >= 0 && line.length() < 16; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    /** @return the DISPLAY value, such as {@code :3} */
    public String display() {
        return display;
    }

    /** Runs an X tool on this display and returns its standard output; fails on a non-zero exit. */
    public String run(Tool tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool.require().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DISPLAY", display);
        Process child = builder.start();
        byte[] output = child.getInputStream().readAllBytes();
        if (!child.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (child.exitValue() != 0) {
            throw new IOException(command + " exited " + child.exitValue() + ": " + text);
        }
        return text;
    }

    /** Starts an X client on this display; the caller ends it. */
    public Process start(Tool tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(tool.require().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DISPLAY", display);
        return builder.start();
    }

    /** @return the id of the one window whose title matches the regular expression, once there is one */
    public String awaitWindow(String titlePattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> found = findWindow(titlePattern);
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no window titled like '" + titlePattern + "' within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** @return the id of a mapped window whose title matches, if any */
    public Optional<String> findWindow(String titlePattern) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Tool.XDOTOOL.require().toString(), "search", "--onlyvisible",
                "--name", titlePattern).redirectErrorStream(true);
        builder.environment().put("DISPLAY", display);
        Process search = builder.start();
        String out = new String(search.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        search.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return search.exitValue() == 0 && out.matches("\\d+(\\s+\\d+)*")
                ? Optional.of(out.split("\\s+")[0]) : Optional.empty();
    }

    /** @return the window's title */
    public String title(String window) throws IOException, InterruptedException {
        return run(Tool.XDOTOOL, "getwindowname", window).strip();
    }

    /** @return the window's size in pixels, width then height */
    public int[] size(String window) throws IOException, InterruptedException {
        String geometry = run(Tool.XDOTOOL, "getwindowgeometry", window);
        Matcher m = GEOMETRY.matcher(geometry);
        if (!m.find()) {
            throw new IOException("no geometry in: " + geometry);
        }
        return new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * Sets {@code WM_STATE} (normal) on a top-level window, as a window manager does when it manages one. Xvfb
     * runs no window manager, and drag sources such as AWT's drop only on windows that have it. Through Xlib.
     */
    @SuppressWarnings("restricted")
    public void markManaged(String window) {
        Linker linker = Linker.nativeLinker();
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup x11 = SymbolLookup.libraryLookup("libX11.so.6", arena);
            MethodHandle openDisplay = linker.downcallHandle(x11.find("XOpenDisplay").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            MethodHandle internAtom = linker.downcallHandle(x11.find("XInternAtom").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT));
            MethodHandle changeProperty = linker.downcallHandle(x11.find("XChangeProperty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            MethodHandle closeDisplay = linker.downcallHandle(x11.find("XCloseDisplay").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            MemorySegment connection = (MemorySegment) openDisplay.invokeExact(arena.allocateFrom(display));
            if (connection.address() == 0) {
                throw new IllegalStateException("cannot open X display " + display);
            }
            try {
                long wmState = (long) internAtom.invokeExact(connection, arena.allocateFrom("WM_STATE"), 0);
                // Format 32 data are C longs: the state (1, normal) and no icon window.
                MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_LONG, 1L, 0L);
                int ignored = (int) changeProperty.invokeExact(connection, Long.parseLong(window), wmState, wmState,
                        32, 0, data, 2);
            } finally {
                int ignored = (int) closeDisplay.invokeExact(connection);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set WM_STATE on window " + window, e);
        }
    }

    /** @return what the X server shows in the window right now */
    public PpmImage capture(String window) throws IOException, InterruptedException {
        Path dump = Files.createTempFile(directory, "window-", ".xwd");
        run(Tool.XWD, "-silent", "-id", window, "-out", dump.toString());
        return XwdImage.read(dump);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Runtime.getRuntime().removeShutdownHook(reaper);
    }
}
