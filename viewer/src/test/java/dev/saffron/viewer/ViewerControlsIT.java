package dev.saffron.viewer;

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's HiDPI scaling, zoom and controls against real QEMU showing SeaBIOS's text screen (720x400), on
 * Xvfb with Mesa's software OpenGL: where a pointer lands at 2× and 1.5×, how the picture is filtered, and the
 * keys the menu and the secure-attention hotkey type into the guest, as QEMU's input trace records them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ViewerControlsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int SCREEN_WIDTH = 1600;
    private static final int SCREEN_HEIGHT = 1000;
    private static final int GUEST_WIDTH = 720;
    private static final int GUEST_HEIGHT = 400;
    private static final int PROMPT_ROW = 2;
    /** QEMU scales tablet positions to 0..0x7fff: value = pixel * 0x7fff / size, rounded down. */
    private static final int ABS_MAX = 0x7fff;
    private static final String HIGH_SPEED = "Speed 480 Mb/s";
    private static final Pattern AXIS = Pattern.compile("input_event_abs .*?axis (\\w+), value (0x[0-9a-f]+|-?\\d+)");
    private static final Pattern KEY = Pattern.compile("input_event_key_\\w+ .*?(?:\\[(\\w+)]|qcode (\\w+)), down (\\d)");

    @TempDir
    Path temp;

    private static QemuOptions.Builder firmwareWithTablet(QemuTrace trace, String events) {
        // The USB tablet as the only pointer makes QEMU offer client mode, where positions are absolute; the
        // boot menu prompt keeps the text screen still for a minute.
        return QemuOptions.builder().extraArguments("-machine", "i8042=off", "-device", "piix3-usb-uhci",
                        "-device", "usb-tablet", "-boot", "menu=on,splash-time=60000")
                .extraArguments(trace.arguments(events));
    }

    private static String uri(QemuServer server) {
        return "spice://" + server.host() + ":" + server.port();
    }

    private static void awaitSize(XvfbServer x, String window, int width, int height) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int[] size = x.size(window);
        while (size[0] != width || size[1] != height) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the window stayed " + size[0] + "x" + size[1] + ", not " + width + "x"
                        + height);
            }
            Thread.sleep(100);
            size = x.size(window);
        }
    }

    private static void awaitText(XvfbServer x, String window, ViewerProcess viewer, double scale) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int top = (int) (PROMPT_ROW * TextScreens.CELL_HEIGHT * scale);
        int bottom = (int) ((PROMPT_ROW + 1) * TextScreens.CELL_HEIGHT * scale);
        while (true) {
            PpmImage shown = x.capture(window);
            for (int y = top; y < bottom; y++) {
                for (int px = (int) (TextScreens.CELL_WIDTH * scale); px < shown.width(); px++) {
                    if ((shown.argb(px, y) & 0xFFFFFF) != 0) {
                        return;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no firmware text in the window; viewer said: " + viewer.err());
            }
            Thread.sleep(200);
        }
    }

    private static void awaitClientMode(ViewerProcess viewer) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!viewer.errContains("mouse mode: CLIENT")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no client mouse mode");
            }
            Thread.sleep(100);
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

    /**
     * Moves the pointer to a window position and waits until QEMU's tablet holds exactly the position of the
     * guest pixel expected there.
     */
    private static void pointAndExpect(XvfbServer x, String window, QemuTrace trace, int windowX, int windowY,
                                       int guestX, int guestY) throws Exception {
        x.run(Tool.XDOTOOL, "mousemove", "--window", window, "10", "10", "sleep", "0.3",
                "mousemove", "--window", window, String.valueOf(windowX), String.valueOf(windowY));
        int wantedX = (int) ((long) guestX * ABS_MAX / GUEST_WIDTH);
        int wantedY = (int) ((long) guestY * ABS_MAX / GUEST_HEIGHT);
        trace.await("input_event_abs", seen -> {
            List<Integer> xs = axis(seen, "x");
            List<Integer> ys = axis(seen, "y");
            return !xs.isEmpty() && !ys.isEmpty() && xs.getLast() == wantedX && ys.getLast() == wantedY;
        }, WAIT);
    }

    /** Sets the X server's {@code Xft.dpi}, which GLFW reads as the desktop's scale when the window opens. */
    private static void setDpi(XvfbServer x, int dpi) throws Exception {
        x.run(Tool.XPROP, "-root", "-format", "RESOURCE_MANAGER", "8s", "-set", "RESOURCE_MANAGER",
                "Xft.dpi:\t" + dpi + "\n");
    }

    @Test
    void onADesktopScaledTwiceTheGuestIsShownCrispAtTwoAndAPointerLandsOnItsPixel() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        try (QemuServer server = QemuServer.start(firmwareWithTablet(trace, "input_event_abs").build());
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp)) {
            setDpi(x, 192);
            try (ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), uri(server), "-t", "saffron-2x",
                    "--spice-debug")) {
                String window = x.awaitWindow("^saffron-2x", WAIT);
                awaitSize(x, window, 2 * GUEST_WIDTH, 2 * GUEST_HEIGHT);
                awaitClientMode(viewer);
                // (501, 301) is inside the square of guest pixel (250, 150), not on its edge.
                pointAndExpect(x, window, trace, 501, 301, 250, 150);
                pointAndExpect(x, window, trace, 1439, 799, 719, 399);

                awaitText(x, window, viewer, 2);
                Thread.sleep(500);
                PpmImage shown = x.capture(window);
                PpmImage firmware = server.screendump();
                int[] halved = new int[GUEST_WIDTH * GUEST_HEIGHT];
                int blurred = 0;
                for (int y = 0; y < GUEST_HEIGHT; y++) {
                    for (int gx = 0; gx < GUEST_WIDTH; gx++) {
                        int pixel = shown.argb(2 * gx, 2 * y);
                        halved[y * GUEST_WIDTH + gx] = pixel;
                        if (shown.argb(2 * gx + 1, 2 * y) != pixel || shown.argb(2 * gx, 2 * y + 1) != pixel
                                || shown.argb(2 * gx + 1, 2 * y + 1) != pixel) {
                            blurred++;
                        }
                    }
                }
                assertEquals(0, blurred, "every guest pixel is a solid 2x2 square: nearest-neighbour");
                TextScreens.assertSameUpToTheCursor(firmware, PpmImage.of(GUEST_WIDTH, GUEST_HEIGHT, halved));
                assertTrue(viewer.process().isAlive(), viewer.err());
            }
        }
    }

    @Test
    void atAZoomOfOneAndAHalfThePictureIsSmoothedAndAPointerLandsOnItsPixel() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        try (QemuServer server = QemuServer.start(firmwareWithTablet(trace, "input_event_abs").build());
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), uri(server), "-t", "saffron-zoom",
                     "--zoom=150", "--spice-debug")) {
            String window = x.awaitWindow("^saffron-zoom", WAIT);
            awaitSize(x, window, GUEST_WIDTH * 3 / 2, GUEST_HEIGHT * 3 / 2);
            awaitClientMode(viewer);
            // 501 / 1.5 = 334 and 300 / 1.5 = 200, well inside those pixels whichever part of its screen pixel
            // the pointer is taken at; 502 / 1.5 = 334.67 is still pixel 334, not rounded to 335.
            pointAndExpect(x, window, trace, 501, 300, 334, 200);
            pointAndExpect(x, window, trace, 502, 301, 334, 200);
            pointAndExpect(x, window, trace, 1079, 599, 719, 399);

            awaitText(x, window, viewer, 1.5);
            Thread.sleep(500);
            Set<Integer> firmwareColours = colours(server.screendump());
            Set<Integer> shownColours = colours(x.capture(window));
            shownColours.removeAll(firmwareColours);
            assertFalse(shownColours.isEmpty(), "linear filtering blends the text's edges into new colours");
            assertTrue(viewer.process().isAlive(), viewer.err());
        }
    }

    private static Set<Integer> colours(PpmImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int pixel : image.pixels()) {
            colours.add(pixel & 0xFFFFFF);
        }
        return colours;
    }

    /**
     * @return what QEMU's {@code info usb} says: its usb-redir port is listed at 1.5 Mb/s while empty, at the
     *         redirected device's speed (480 Mb/s for the emulated high-speed disk) while it holds one
     */
    private static String usbDevices(QemuServer server) throws Exception {
        return server.qmp().execute("human-monitor-command", "{\"command-line\": \"info usb\"}");
    }

    private static void awaitUsb(QemuServer server, boolean attached, ViewerProcess viewer) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (usbDevices(server).contains(HIGH_SPEED) != attached) {
            assertTrue(System.nanoTime() < deadline, "QEMU's USB bus never " + (attached ? "got" : "lost")
                    + " the disk: " + usbDevices(server) + "\n" + viewer.err());
            Thread.sleep(200);
        }
    }

    @Test
    void theMenusUsbPageUnplugsTheEmulatedDiskAndPlugsItInAgain() throws Exception {
        Path image = temp.resolve("stick.img");
        Files.write(image, new byte[1024 * 1024]);
        QemuOptions options = QemuOptions.builder().usbRedirectionSlots(1)
                .extraArguments("-boot", "menu=on,splash-time=60000").build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), uri(server), "-t", "saffron-usb",
                     "--usb-disk=" + image, "--spice-debug")) {
            String window = x.awaitWindow("^saffron-usb$", WAIT);
            awaitSize(x, window, GUEST_WIDTH, GUEST_HEIGHT);
            awaitUsb(server, true, viewer);
            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "300", "200");
            x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!viewer.errContains("keyboard grabbed")) {
                assertTrue(System.nanoTime() < deadline, "no keyboard grab: " + viewer.err());
                Thread.sleep(100);
            }
            // The menu's last item is Close menu, the one above it USB devices; on its page the disk, plugged in
            // by --usb-disk, is the first item that can be chosen.
            x.run(Tool.XDOTOOL, "key", "shift+F10", "sleep", "0.5", "key", "End", "sleep", "0.3", "key", "Up",
                    "sleep", "0.3", "key", "Return", "sleep", "0.5", "key", "Return");
            awaitUsb(server, false, viewer);
            x.run(Tool.XDOTOOL, "key", "Return");
            awaitUsb(server, true, viewer);
            assertTrue(viewer.process().isAlive(), viewer.err());
        }
    }

    /** @return QEMU's traced key events as {@code NAME DOWN}, e.g. {@code ctrl 1} */
    private static List<String> keys(List<String> traceLines) {
        return traceLines.stream().map(KEY::matcher).filter(Matcher::find)
                .map(m -> (m.group(1) != null ? m.group(1) : m.group(2)) + " " + m.group(3))
                .toList();
    }

    @Test
    void theMenuSendsCtrlAltDelAndSoDoesTheSecureAttentionHotkey() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        QemuOptions options = QemuOptions.builder().extraArguments("-boot", "menu=on,splash-time=60000")
                .extraArguments(trace.arguments("input_event_key*")).build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), uri(server), "-t", "saffron-menu",
                     "--spice-debug")) {
            String window = x.awaitWindow("^saffron-menu$", WAIT);
            awaitSize(x, window, GUEST_WIDTH, GUEST_HEIGHT);
            awaitText(x, window, viewer, 1);
            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "300", "200");
            x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!viewer.errContains("keyboard grabbed")) {
                assertTrue(System.nanoTime() < deadline, "no keyboard grab: " + viewer.err());
                Thread.sleep(100);
            }
            PpmImage before = x.capture(window);
            x.run(Tool.XDOTOOL, "key", "shift+F10");
            deadline = System.nanoTime() + WAIT.toNanos();
            while (x.capture(window).differingPixels(before.pixels(), before.width()) < 1000) {
                assertTrue(System.nanoTime() < deadline, "the menu never showed over the picture");
                Thread.sleep(200);
            }
            // Send key, then its first entry: Ctrl+Alt+Del.
            x.run(Tool.XDOTOOL, "key", "Return", "sleep", "0.3", "key", "Return");
            List<String> lines = trace.await("input_event_key", seen -> keys(seen).contains("ctrl 0"), WAIT);
            assertEquals(List.of("shift 1", "shift 0", "ctrl 1", "alt 1", "delete 1", "delete 0", "alt 0", "ctrl 0"),
                    keys(lines), "Shift is let go when the menu opens; Return and F10 stay with the window\n"
                            + String.join("\n", lines));

            x.run(Tool.XDOTOOL, "key", "ctrl+alt+End");
            lines = trace.await("input_event_key", seen -> keys(seen).size() >= 16, WAIT);
            List<String> hotkey = keys(lines).subList(8, keys(lines).size());
            assertEquals(List.of("ctrl 1", "alt 1", "ctrl 1", "alt 1", "delete 1", "delete 0", "alt 0", "ctrl 0"),
                    hotkey.subList(0, 8), "the held Ctrl and Alt, then the window's Ctrl+Alt+Del in place of End\n"
                            + String.join("\n", lines));
            assertFalse(hotkey.stream().anyMatch(key -> key.startsWith("end ")), "End never reaches the guest");
            assertTrue(viewer.process().isAlive(), viewer.err());
        }
    }
}
