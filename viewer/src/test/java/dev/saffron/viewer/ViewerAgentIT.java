package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer window's agent features against the real Linux guest, the window on a headless X server as in
 * {@link ViewerWindowIT}: a window resize that the guest's xrandr and the display's primary surface follow,
 * clipboard text both ways between the X server's clipboard and the guest's (xclip on each side), and files
 * dragged from another X window and dropped on the viewer (a real XDND drop) that land in the guest, with the
 * progress shown and Esc cancelling; full screen asks the guest for the screen's size. One boot, one X server
 * and one viewer serve every test, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewerAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);
    private static final int SCREEN_WIDTH = 1600;
    private static final int SCREEN_HEIGHT = 1200;
    /** Where the drag source's window sits: clear of the viewer's, which stays at the screen's top left. */
    private static final int SOURCE_X = 1350;
    private static final int SOURCE_Y = 1000;
    private static final String DOWNLOADS = "/root/Downloads/";
    private static final String TITLE = "saffron-agent";
    /** The progress bar's colours: its track, and the part done. */
    private static final int BAR_TRACK = 0x262626;
    private static final int BAR_DONE = 0x338CF2;

    private Path temp;
    private GuestVm guest;
    private XvfbServer x;
    private ViewerProcess viewer;
    private String window;

    /** A failing test shows whether the viewer still runs and the end of what it said: its window may be gone. */
    @RegisterExtension
    final TestWatcher viewerOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (viewer == null) {
                return;
            }
            try {
                String err = viewer.err();
                System.err.println(context.getDisplayName() + " failed; the viewer is "
                        + (viewer.process().isAlive() ? "running" : "gone, exit " + viewer.process().exitValue())
                        + "; its standard error ends:\n" + err.substring(Math.max(0, err.length() - 8192)));
            } catch (IOException e) {
                System.err.println("cannot read the viewer's standard error: " + e.getMessage());
            }
        }
    };

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndOpen() throws Exception {
        temp = Files.createTempDirectory("saffron-viewer-agent-");
        guest = GuestVm.start(QemuOptions.builder().build());
        x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
        viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + guest.server().host() + ":"
                + guest.server().port(), "-t", TITLE, "--spice-debug");
        window = x.awaitWindow("^" + TITLE, WAIT);
        x.markManaged(window);
        // The window asks for its size once the first surface shows and the agent can take monitor layouts.
        await("the agent's monitor layout", WAIT, () -> viewer.errContains("asking the guest for "));
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shutDown() throws Exception {
        try {
            if (viewer != null) {
                viewer.close();
            }
            if (x != null) {
                x.close();
            }
        } finally {
            if (guest != null) {
                guest.close();
            }
            if (temp != null) {
                TestFiles.deleteRecursively(temp);
            }
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aWindowResizeResizesTheGuestAndItsSurface() throws Exception {
        x.run(Tool.XDOTOOL, "windowsize", window, "832", "624");
        String mode = pollGuest("xrandr | head -1", "current 832 x 624,");
        assertTrue(mode.contains("current 832 x 624,"), "the guest's xrandr says " + mode);
        await("the display's new primary surface", WAIT, () -> viewer.errContains("primary surface 832x624"));
        Thread.sleep(1500);
        assertArrayEquals(new int[]{832, 624}, x.size(window), "the window keeps the size the user gave it");
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hostClipboardTextReachesTheGuest() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String seen = "";
        String text = "";
        // The first exchange after a boot may be lost in the guest (GUEST.md): each try copies new text.
        while (System.nanoTime() < deadline) {
            text = "host → guest, ünïcödé " + System.nanoTime();
            Path file = Files.writeString(temp.resolve("host-clip.txt"), text);
            x.start(Tool.XCLIP, "-selection", "clipboard", "-i", file.toString()).waitFor(10, TimeUnit.SECONDS);
            focusViewer();
            seen = pollGuest("xclip -selection clipboard -o", text, Duration.ofSeconds(15));
            if (seen.equals(text)) {
                break;
            }
        }
        assertEquals(text, seen);
        assertFalse(viewer.err().contains(text), "clipboard contents appear in the log");
    }

    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void guestClipboardTextReachesTheHost() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String seen = "";
        String text = "";
        while (System.nanoTime() < deadline) {
            text = "guest → host " + System.nanoTime();
            guest.agent().writeFile("/tmp/clip.txt", text.getBytes(StandardCharsets.UTF_8));
            guest.agent().spawn("DISPLAY=:0 xclip -selection clipboard -i /tmp/clip.txt");
            long tryUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!seen.equals(text) && System.nanoTime() < tryUntil) {
                Thread.sleep(300);
                seen = hostClipboard();
            }
            if (seen.equals(text)) {
                break;
            }
        }
        assertEquals(text, seen);
        assertFalse(viewer.err().contains(text), "clipboard contents appear in the log");
    }

    @Test
    @Order(4)
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDroppedFileLandsInTheGuestWithItsProgressShown() throws Exception {
        Path file = randomFile("saffron-drop-" + System.nanoTime() + ".bin", 48 * 1024 * 1024);
        dragOntoViewer(file);
        await("the progress in the title", WAIT, () -> titleContains("sending 1 file: "));
        // The title changes before the frame carrying the bar is swapped in, so the bar is waited for too.
        long barDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int corner;
        do {
            PpmImage shown = x.capture(window);
            corner = shown.argb(shown.width() - 2, shown.height() - 2) & 0xFFFFFF;
        } while (corner != BAR_TRACK && corner != BAR_DONE && System.nanoTime() < barDeadline);
        assertTrue(corner == BAR_TRACK || corner == BAR_DONE, "no progress bar at the bottom: "
                + Integer.toHexString(corner));
        await("the transfer's end", Duration.ofSeconds(240), () -> !titleContains("sending"));
        assertFalse(x.title(window).contains("failed"), x.title(window) + "\n" + viewer.err());
        GuestAgent.ExecResult hash = guest.agent().shell(
                "sha256sum < " + DOWNLOADS + file.getFileName() + " | cut -d' ' -f1", COMMAND_LIMIT);
        assertTrue(hash.succeeded(), "hash in the guest: " + hash);
        assertEquals(sha256(Files.readAllBytes(file)), hash.stdout().strip());
    }

    @Test
    @Order(5)
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void escapeCancelsARunningTransferAndLeavesNothingInTheGuest() throws Exception {
        Path file = randomFile("saffron-escape-" + System.nanoTime() + ".bin", 96 * 1024 * 1024);
        dragOntoViewer(file);
        await("the progress in the title", WAIT, () -> titleContains("sending 1 file: "));
        String name = DOWNLOADS + file.getFileName();
        assertEquals("present", pollGuest("test -e " + name + " && echo present || echo absent", "present"),
                "the partial file should be in the guest before the cancel, or its absence after proves nothing");
        focusViewer();
        x.run(Tool.XDOTOOL, "key", "Escape");
        await("the title without the transfer", WAIT, () -> !titleContains("sending"));
        assertEquals("absent", pollGuest("test -e " + name + " && echo present || echo absent", "absent"));
        assertFalse(viewer.err().contains("file transfer failed"), "a cancel is no failure: " + viewer.err());
        assertTrue(viewer.process().isAlive());
    }

    @Test
    @Order(6)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fullScreenAsksTheGuestForTheScreensSizeAndLeavingItForTheWindows() throws Exception {
        int[] windowed = x.size(window);
        focusViewer();
        x.run(Tool.XDOTOOL, "key", "shift+F11");
        String full = pollGuest("xrandr | head -1", "current " + SCREEN_WIDTH + " x " + SCREEN_HEIGHT + ",");
        assertTrue(full.contains("current " + SCREEN_WIDTH + " x " + SCREEN_HEIGHT + ","), "xrandr says " + full);
        await("the full-screen surface", WAIT,
                () -> viewer.errContains("primary surface " + SCREEN_WIDTH + "x" + SCREEN_HEIGHT));
        x.run(Tool.XDOTOOL, "key", "shift+F11");
        String back = pollGuest("xrandr | head -1", "current " + windowed[0] + " x " + windowed[1] + ",");
        assertTrue(back.contains("current " + windowed[0] + " x " + windowed[1] + ","), "xrandr says " + back);
    }

    private void focusViewer() throws IOException, InterruptedException {
        x.run(Tool.XDOTOOL, "mousemove", "--window", window, "200", "200");
        x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
    }

    /** Drags the file from another X window onto the viewer's with the pointer, as a user would. */
    private void dragOntoViewer(Path file) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=false", "-cp", System.getProperty("java.class.path"),
                FileDragSource.class.getName(), String.valueOf(SOURCE_X), String.valueOf(SOURCE_Y), file.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(temp.resolve("drag-source.err").toFile());
        builder.environment().put("DISPLAY", x.display());
        Process source = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(source.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the drag source did not start: "
                    + Files.readString(temp.resolve("drag-source.err")));
            int fromX = SOURCE_X + FileDragSource.WIDTH / 2;
            int fromY = SOURCE_Y + FileDragSource.HEIGHT / 2;
            List<String> steps = new ArrayList<>(List.of("mousemove", String.valueOf(fromX), String.valueOf(fromY),
                    "sleep", "0.3", "mousedown", "1"));
            // Small steps: the drag starts once the pointer moved far enough with the button held.
            for (int i = 1; i <= 20; i++) {
                steps.addAll(List.of("mousemove", String.valueOf(fromX - i * (fromX - 300) / 20),
                        String.valueOf(fromY - i * (fromY - 250) / 20), "sleep", "0.05"));
            }
            steps.addAll(List.of("mousemove", "310", "260", "sleep", "0.5", "mousemove", "300", "250", "sleep", "0.5",
                    "mouseup", "1"));
            x.run(Tool.XDOTOOL, steps.toArray(String[]::new));
            // The drop's data is fetched from the source after the button goes up.
            try {
                await("the drop", WAIT, () -> titleContains("sending") || titleContains("failed")
                        || viewer.errContains("files dropped"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the drag source said: "
                        + Files.readString(temp.resolve("drag-source.err")), e);
            }
        } finally {
            source.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String hostClipboard() {
        try {
            return x.run(Tool.XCLIP, "-selection", "clipboard", "-o");
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean titleContains(String text) {
        try {
            return x.title(window).contains(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String pollGuest(String command, String expected) throws IOException, InterruptedException {
        return pollGuest(command, expected, WAIT);
    }

    /**
     * Runs a guest command until its output contains {@code expected} or the time is up.
     *
     * @return the output, stripped
     */
    private String pollGuest(String command, String expected, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        GuestAgent.ExecResult result;
        do {
            result = guest.agent().shell("export DISPLAY=:0; timeout 10 sh -c '"
                    + command.replace("'", "'\\''") + "'", COMMAND_LIMIT);
            if (result.stdout().contains(expected)) {
                return result.stdout().strip();
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return result.stdout().strip() + " (stderr: " + result.stderr().strip() + ")";
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private Path randomFile(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return Files.write(temp.resolve(name), content);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
