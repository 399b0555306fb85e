package dev.saffron.viewer;

import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.QemuTrace;
import dev.saffron.spice.testing.TextScreens;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer window, started as a user starts it ({@code ./saffron URI}) on a headless X server with Mesa's
 * software OpenGL, against real QEMU: what it shows, and what it sends.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ViewerWindowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SCREEN_WIDTH = 1024;
    private static final int SCREEN_HEIGHT = 768;
    /** SeaBIOS in text mode: 25 rows of 16 pixels, 80 columns of 9. */
    private static final int TEXT_WIDTH = 720;
    private static final int TEXT_HEIGHT = 400;
    private static final int PROMPT_ROW = 2;
    private static final int MENU_ROW = 4;
    /** QEMU's key events: by number, or by name for keys that came as a QEMU key code. */
    private static final Pattern KEY = Pattern.compile("input_event_key_\\w+ .*?(?:\\[(\\w+)]|qcode (\\w+)), down (\\d)");
    private static final Pattern AXIS = Pattern.compile("input_event_(?:rel|abs) .*?axis (\\w+), value (0x[0-9a-f]+|-?\\d+)");

    @TempDir
    Path temp;

    private ViewerProcess startViewer(XvfbServer x, String... args) throws IOException {
        return ViewerProcess.start(temp, x, Map.of(), args);
    }

    private ViewerProcess startViewer(XvfbServer x, Map<String, String> environment, String... args)
            throws IOException {
        return ViewerProcess.start(temp, x, environment, args);
    }

    /** @return QEMU's traced key events as {@code NAME DOWN}, e.g. {@code b 1} */
    private static List<String> keys(List<String> traceLines) {
        return traceLines.stream().map(KEY::matcher).filter(Matcher::find)
                .map(m -> (m.group(1) != null ? m.group(1) : m.group(2)) + " " + m.group(3))
                .toList();
    }

    private static String uri(QemuServer server) {
        return "spice://" + server.host() + ":" + server.port();
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

    /** Waits until the window has the guest surface's size, which it takes when the surface arrives. */
    private static void awaitSize(XvfbServer x, String window, int width, int height) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int[] size = x.size(window);
        while (size[0] != width || size[1] != height) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the window stayed " + size[0] + "x" + size[1] + ", not " + width + "x" + height);
            }
            Thread.sleep(100);
            size = x.size(window);
        }
    }

    /** @return how many pixels of a text row are not black, leaving out the first column (the text cursor) */
    private static int ink(PpmImage screen, int row) {
        int count = 0;
        for (int y = row * TextScreens.CELL_HEIGHT; y < (row + 1) * TextScreens.CELL_HEIGHT && y < screen.height(); y++) {
            for (int x = TextScreens.CELL_WIDTH; x < screen.width(); x++) {
                if ((screen.argb(x, y) & 0xFFFFFF) != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    private static PpmImage awaitWindowText(XvfbServer x, String window, int row) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            PpmImage shown = x.capture(window);
            if (ink(shown, row) > 0) {
                return shown;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing appeared in the window on text row " + row);
            }
            Thread.sleep(200);
        }
    }

    private static List<Integer> axis(List<String> lines, String name) {
        List<Integer> values = new ArrayList<>();
        for (String line : lines) {
            Matcher m = AXIS.matcher(line);
            if (m.find() && m.group(1).equals(name)) {
                String value = m.group(2);
                values.add(value.startsWith("0x") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value));
            }
        }
        return values;
    }

    private static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    private static int colours(PpmImage image) {
        return new HashSet<>(Arrays.stream(image.pixels()).boxed().toList()).size();
    }

    @Test
    void theWindowShowsTheSurfacePixelForPixel() throws Exception {
        // Streaming off: a video stream's frames are lossy, and the second client would get lossless ones.
        QemuOptions options = QemuOptions.builder().streamingVideo(QemuOptions.StreamingVideo.OFF)
                .extraArguments(AnimatedGuest.qemuArguments(temp).toArray(String[]::new)).build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "--title", "saffron-pixels")) {
            String window = x.awaitWindow("^saffron-pixels$", WAIT);
            // The firmware's text screen comes first; the animation's graphics mode after it.
            long deadline = System.nanoTime() + WAIT.toNanos();
            PpmImage dump = server.screendump();
            while (colours(dump) < 16 || !Arrays.equals(x.size(window), new int[]{dump.width(), dump.height()})) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the window never took the animation's size: " + Arrays.toString(
                            x.size(window)) + " for " + dump + "\n" + viewer.err());
                }
                Thread.sleep(200);
                dump = server.screendump();
            }
            // Paused, the server sends nothing more; give the window the time to show what it already got.
            server.qmp().stop();
            Thread.sleep(2000);
            PpmImage shown = x.capture(window);

            Path surfaceFile = temp.resolve("surface.ppm");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // A second client takes the session over from the window, which no longer matters now.
            int code = Main.run(List.of("screenshot", uri(server), surfaceFile.toString()), System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            PpmImage surface = PpmImage.read(surfaceFile);

            assertEquals(surface.width(), shown.width(), "width");
            assertEquals(surface.height(), shown.height(), "height");
            assertTrue(colours(surface) >= 16, "a picture worth comparing: " + colours(surface) + " colours");
            assertEquals(0, surface.differingPixels(shown), "pixels that differ between the window and the surface");
        }
    }

    @Test
    void escapeTypedIntoTheWindowOpensTheFirmwareBootMenu() throws Exception {
        QemuOptions options = QemuOptions.builder().extraArguments("-boot", "menu=on,splash-time=60000").build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "-t", "saffron-keys", "--spice-debug")) {
            String window = x.awaitWindow("^saffron-keys$", WAIT);
            awaitSize(x, window, TEXT_WIDTH, TEXT_HEIGHT);
            assertTrue(viewer.process().isAlive(), viewer.err());
            PpmImage prompt = awaitWindowText(x, window, PROMPT_ROW);
            assertEquals(0, ink(prompt, MENU_ROW), "no menu before the key");

            // Typed through XTEST like a real keyboard: the X keycode reaches the window, which sends its set-1 code.
            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "300", "200");
            x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
            await("the keyboard grab", WAIT, () -> viewer.errContains("keyboard grabbed"));
            x.run(Tool.XDOTOOL, "key", "Escape");

            awaitWindowText(x, window, MENU_ROW);
            Thread.sleep(1000);
            PpmImage shown = x.capture(window);
            PpmImage firmware = server.screendump();
            assertTrue(ink(firmware, MENU_ROW) > 0, "QEMU shows the menu too");
            TextScreens.assertSameUpToTheCursor(firmware, shown);

            // The toggle-fullscreen hotkey, Shift+F11 by default, and back.
            x.run(Tool.XDOTOOL, "key", "shift+F11");
            await("the full screen", WAIT, () -> sizeIs(x, window, SCREEN_WIDTH, SCREEN_HEIGHT));
            x.run(Tool.XDOTOOL, "key", "shift+F11");
            await("the window again", WAIT, () -> sizeIs(x, window, TEXT_WIDTH, TEXT_HEIGHT));
        }
    }

    @Test
    void theGuestsCapsLockIsSetToTheHostsBeforeTheFirstKey() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        QemuOptions options = QemuOptions.builder().extraArguments("-boot", "menu=on,splash-time=60000")
                .extraArguments(trace.arguments("input_event_key*")).build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "-t", "saffron-locks")) {
            String window = x.awaitWindow("^saffron-locks$", WAIT);
            awaitSize(x, window, TEXT_WIDTH, TEXT_HEIGHT);
            assertTrue(viewer.process().isAlive(), viewer.err());
            awaitWindowText(x, window, PROMPT_ROW);
            // Caps Lock goes on while another window has the keyboard.
            Process other = x.start(Tool.XLOGO, "-geometry", "100x100+800+600");
            try {
                String otherWindow = x.awaitWindow("^xlogo$", WAIT);
                x.run(Tool.XDOTOOL, "mousemove", "--window", otherWindow, "50", "50");
                x.run(Tool.XDOTOOL, "windowfocus", "--sync", otherWindow);
                x.run(Tool.XDOTOOL, "key", "Caps_Lock");
            } finally {
                other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), trace.lines("input_event_key"), "the window saw nothing of it");

            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "300", "200");
            x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
            x.run(Tool.XDOTOOL, "key", "b");
            // The server presses Caps Lock in the guest to match, then the key follows.
            List<String> lines = trace.await("input_event_key", seen -> seen.stream()
                    .anyMatch(line -> line.matches(".*\\b(\\[b]|qcode b), down 0.*")), WAIT);
            List<String> keys = keys(lines);
            assertEquals(List.of("caps_lock 1", "caps_lock 0", "b 1", "b 0"), keys, String.join("\n", lines));
        }
    }

    /**
     * With a German layout on the host, the symbol z sits on the key a US keyboard labels Y: the guest must
     * get that key's scancode, since it applies its own layout to positions, as remote-viewer's guests do.
     */
    @Test
    void keysTravelByPositionWhateverTheHostsLayout() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        QemuOptions options = QemuOptions.builder().extraArguments(trace.arguments("input_event_key*")).build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "-t", "saffron-layout")) {
            x.run(Tool.SETXKBMAP, "de");
            String window = x.awaitWindow("^saffron-layout$", WAIT);
            awaitSize(x, window, TEXT_WIDTH, TEXT_HEIGHT);
            assertTrue(viewer.process().isAlive(), viewer.err());
            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "300", "200");
            x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
            x.run(Tool.XDOTOOL, "key", "z", "y");
            List<String> lines = trace.await("input_event_key", seen -> seen.stream()
                    .filter(line -> line.matches(".*, down 0.*")).count() >= 2, WAIT);
            List<String> keys = keys(lines);
            assertEquals(List.of("y 1", "y 0", "z 1", "z 0"), keys, String.join("\n", lines));
        }
    }

    @Test
    void aClickGrabsThePointerItsMotionIsAcknowledgedAndCtrlAltLetsGo() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        QemuOptions options = QemuOptions.builder()
                .extraArguments(trace.arguments("input_event_rel", "input_event_btn")).build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "-t", "saffron-grab")) {
            String window = x.awaitWindow("^saffron-grab", WAIT);
            awaitSize(x, window, TEXT_WIDTH, TEXT_HEIGHT);
            assertTrue(viewer.process().isAlive(), viewer.err());
            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "100", "100", "click", "1");
            await("the grab's title", WAIT, () -> titleContains(x, window, "release the pointer"));

            // Small steps: X's pointer acceleration leaves moves under its threshold alone.
            int moves = 40;
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < moves; i++) {
                steps.addAll(List.of("mousemove_relative", "3", "2", "sleep", "0.02"));
            }
            x.run(Tool.XDOTOOL, steps.toArray(String[]::new));
            // More than eight motion messages reach the guest only if the server's acknowledgements come back.
            List<String> lines = trace.await("input_event_rel",
                    seen -> sum(axis(seen, "x")) == 3 * moves && sum(axis(seen, "y")) == 2 * moves, WAIT);
            assertTrue(axis(lines, "x").size() > 8, "more motion messages than flow control lets out unacknowledged");
            assertEquals(List.of(), trace.lines("input_event_btn"), "the click that grabs stays with the viewer");

            x.run(Tool.XDOTOOL, "key", "ctrl+alt");
            await("the title without the grab", WAIT, () -> !titleContains(x, window, "release the pointer"));
            int before = trace.lines("input_event_rel").size();
            x.run(Tool.XDOTOOL, "mousemove_relative", "3", "2", "sleep", "0.2", "mousemove_relative", "3", "2");
            Thread.sleep(1000);
            assertEquals(before, trace.lines("input_event_rel").size(), "no motion once the pointer is released");
        }
    }

    private static boolean sizeIs(XvfbServer x, String window, int width, int height) {
        try {
            return Arrays.equals(x.size(window), new int[]{width, height});
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean titleContains(XvfbServer x, String window, String text) {
        try {
            return x.title(window).contains(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void clientModeIsRequestedAndPointerPositionsLandOnTheirGuestPixel() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        // As in SessionIT: with the USB tablet as the only pointer QEMU offers client mode.
        QemuOptions options = QemuOptions.builder().extraArguments("-machine", "i8042=off",
                        "-device", "piix3-usb-uhci", "-device", "usb-tablet")
                .extraArguments(trace.arguments("input_event_abs")).build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "-t", "saffron-client", "--spice-debug")) {
            String window = x.awaitWindow("^saffron-client", WAIT);
            awaitSize(x, window, TEXT_WIDTH, TEXT_HEIGHT);
            await("client mouse mode", WAIT, () -> viewer.errContains("mouse mode: CLIENT"));
            int targetX = 500;
            int targetY = 300;
            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "40", "30", "sleep", "0.2",
                    "mousemove", "--window", window, String.valueOf(targetX), String.valueOf(targetY));
            // QEMU scales display positions to its tablet's 0..0x7fff.
            int scale = 0x7fff;
            trace.await("input_event_abs", seen -> {
                List<Integer> xs = axis(seen, "x");
                List<Integer> ys = axis(seen, "y");
                return !xs.isEmpty() && !ys.isEmpty()
                        && Math.abs(xs.getLast() - (long) targetX * scale / TEXT_WIDTH) <= scale / TEXT_WIDTH
                        && Math.abs(ys.getLast() - (long) targetY * scale / TEXT_HEIGHT) <= scale / TEXT_HEIGHT;
            }, WAIT);
        }
    }

    @Test
    void inKioskModeAServerThatGoesAwayEndsTheViewerWithAFailure() throws Exception {
        QemuServer server = QemuServer.start();
        try (server; XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "-k", "--kiosk-quit", "on-disconnect", "-t",
                     "saffron-kiosk")) {
            String window = x.awaitWindow("^saffron-kiosk", WAIT);
            await("the full screen", WAIT, () -> sizeIs(x, window, SCREEN_WIDTH, SCREEN_HEIGHT));
            // Connected once the firmware's screen shows, scaled into the full screen.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (colours(x.capture(window)) < 2) {
                assertTrue(System.nanoTime() < deadline, "the kiosk window stayed black: " + viewer.err());
                Thread.sleep(200);
            }
            assertTrue(viewer.process().isAlive());
            server.close();
            assertTrue(viewer.process().waitFor(30, TimeUnit.SECONDS), "the viewer ends with the server");
            assertEquals(1, viewer.process().exitValue(), viewer.err());
            assertTrue(viewer.err().contains("saffron: disconnected: "), viewer.err());
        }
    }

    @Test
    void outsideKioskModeADisconnectKeepsTheWindowAndSaysWhy() throws Exception {
        QemuServer server = QemuServer.start();
        try (server; XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, uri(server), "-t", "saffron-gone")) {
            String window = x.awaitWindow("^saffron-gone", WAIT);
            awaitSize(x, window, TEXT_WIDTH, TEXT_HEIGHT);
            server.close();
            await("the reason in the title", WAIT, () -> titleContains(x, window, "saffron-gone - disconnected: "));
            assertTrue(viewer.err().contains("saffron: disconnected: "), viewer.err());
            Thread.sleep(1000);
            assertTrue(viewer.process().isAlive(), "the window stays until the user closes it");
        }
    }

    @Test
    void aConnectionFileOpensTheWindowWithItsTitleAndIsDeleted() throws Exception {
        QemuServer server = QemuServer.start();
        Path file = temp.resolve("console.vv");
        Files.writeString(file, """
                [virt-viewer]
                type=spice
                host=%s
                port=%d
                title=saffron-vv-title
                delete-this-file=1
                """.formatted(server.host(), server.port()));
        try (server; XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, file.toString())) {
            String window = x.awaitWindow("^saffron-vv-title", WAIT);
            awaitSize(x, window, TEXT_WIDTH, TEXT_HEIGHT);
            assertFalse(Files.exists(file), "delete-this-file=1 removes the file once read");
            assertTrue(viewer.process().isAlive(), viewer.err());
        }
    }

    @Test
    void withoutOpenGl33TheViewerSaysSoAndExitsFive() throws Exception {
        try (XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = startViewer(x, Map.of("MESA_GL_VERSION_OVERRIDE", "2.1"), "spice://127.0.0.1:1")) {
            assertTrue(viewer.process().waitFor(60, TimeUnit.SECONDS));
            assertEquals(5, viewer.process().exitValue(), viewer.err());
            String err = viewer.err();
            assertTrue(err.contains("saffron: no OpenGL 3.3 window"), err);
            assertFalse(err.contains("Exception"), err);
        }
    }

    @Test
    void withoutADisplayTheViewerSaysSoAndExitsFive() throws Exception {
        try (ViewerProcess viewer = startViewer(null, "spice://127.0.0.1:1")) {
            assertTrue(viewer.process().waitFor(60, TimeUnit.SECONDS));
            assertEquals(5, viewer.process().exitValue(), viewer.err());
            String err = viewer.err();
            assertTrue(err.contains("saffron: cannot open a window"), err);
            assertFalse(err.contains("Exception"), err);
        }
    }
}
