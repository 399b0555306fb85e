package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.ReferenceClient;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several monitors against the real Linux guest on a QXL card with two heads ({@code max_outputs=2}), the
 * windows on a wide headless X server: {@code saffron --monitors 2} opens two windows and the guest turns on two
 * monitors ({@code xrandr --listactivemonitors}) of the windows' sizes, placed as the windows stand; the
 * pointer over each window lands on its monitor in the guest; closing
 * the second window turns the guest's second monitor off; in full screen the first display takes the host's
 * (only) monitor's size, the second staying a window beside it; and each window shows exactly what spice-gtk's
 * spicy-screenshot sees in that monitor's part of the shared surface. spice-server takes one client at a time,
 * so spicy-screenshot, which takes the viewer's place, comes last, with the guest paused. The guest runs no
 * desktop; a small loop in it plays the desktop's part, turning on each output the qxl driver reports connected
 * at the place the client suggested, and off the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiMonitorIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);
    private static final int SCREEN_WIDTH = 2200;
    private static final int SCREEN_HEIGHT = 900;
    private static final String TITLE = "saffron-monitors";
    /** An active monitor as xrandr lists it: {@code 1024/0x768/0+0+0  Virtual-1}. */
    private static final Pattern POINTER = Pattern.compile("x:(\\d+) y:(\\d+)");
    private static final Pattern ACTIVE = Pattern.compile("(\\d+)/\\d+x(\\d+)/\\d+\\+(\\d+)\\+(\\d+)\\s+(\\S+)");
    /**
     * What a desktop does when the client's monitor layout arrives: the qxl driver marks the outputs the client
     * enabled connected, with the size asked for as the preferred mode and the place as "suggested X/Y".
     */
    private static final String DESKTOP = """
            apply() {
              args=$(xrandr --prop | awk '
                /^[^ \\t]+ (dis)?connected/ { o = $1; n++; name[n] = o; on[o] = ($2 == "connected") }
                /suggested X:/ { x[o] = $3 }
                /suggested Y:/ { y[o] = $3 }
                END { for (i = 1; i <= n; i++) { o = name[i]
                        if (on[o]) printf "--output %s --auto --pos %dx%d ", o, x[o], y[o]
                        else printf "--output %s --off ", o } }')
              [ "$args" = "$last" ] || { xrandr $args; last=$args; }
            }
            apply
            xev -root -event randr | while read -r line; do case $line in RR*) apply ;; esac; done
            """;

    /** A monitor the guest shows: its place in the guest's screen and its output. */
    private record Monitor(int x, int y, int width, int height, String output) {
    }

    private Path temp;
    private GuestVm guest;
    private XvfbServer x;
    private ViewerProcess viewer;
    private String first;
    private String second;

    @RegisterExtension
    final TestWatcher viewerOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (viewer == null) {
                return;
            }
            try {
                String err = viewer.err();
                System.err.println(context.getDisplayName() + " failed; the viewer's standard error ends:\n"
                        + err.substring(Math.max(0, err.length() - 8192)));
            } catch (IOException e) {
                System.err.println("cannot read the viewer's standard error: " + e.getMessage());
            }
        }
    };

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndOpen() throws Exception {
        temp = Files.createTempDirectory("saffron-monitors-");
        guest = GuestVm.start(QemuOptions.builder().extraArguments("-global", "qxl-vga.max_outputs=2").build());
        // A tile of odd size over the whole root window: every part of the screen differs from its neighbours,
        // so a window showing the wrong part of the surface cannot match.
        guest.agent().writeFile("/tmp/tile.xbm", tile(61, 37).getBytes(StandardCharsets.US_ASCII));
        GuestAgent.ExecResult root = guest.agent().shell(
                "DISPLAY=:0 xsetroot -bitmap /tmp/tile.xbm -fg '#c03060' -bg '#20a0e0'", COMMAND_LIMIT);
        assertTrue(root.succeeded(), "xsetroot: " + root);
        guest.agent().writeFile("/tmp/desktop.sh", DESKTOP.getBytes(StandardCharsets.US_ASCII));
        guest.agent().spawn("DISPLAY=:0 exec sh /tmp/desktop.sh");
        x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
        openViewer();
    }

    /** Starts {@code saffron --monitors 2} and waits for its two windows and its first layout. */
    private void openViewer() throws Exception {
        viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + guest.server().host() + ":"
                + guest.server().port(), "-t", TITLE, "--monitors", "2", "--spice-debug");
        first = x.awaitWindow("^" + TITLE + "$", WAIT);
        second = x.awaitWindow("^" + TITLE + " \\(2\\)$", WAIT);
        await("the first layout sent", WAIT, () -> viewer.errContains("on display 2"));
        // No window manager places the windows: the second goes clear of the first, which has its size by now.
        x.run(Tool.XDOTOOL, "windowmove", second, String.valueOf(x.size(first)[0] + 40), "0");
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
    void twoWindowsGiveTwoActiveMonitorsTheWindowsSizes() throws Exception {
        int[] firstSize = x.size(first);
        int[] secondSize = x.size(second);
        List<Monitor> monitors = awaitMonitors(firstSize, secondSize);
        assertEquals(List.of(new Monitor(0, 0, firstSize[0], firstSize[1], "Virtual-1"),
                new Monitor(firstSize[0], 0, secondSize[0], secondSize[1], "Virtual-2")), monitors,
                "the second display stands right of the first, as its window does");
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void thePointerOverTheSecondWindowIsOnTheGuestsSecondMonitor() throws Exception {
        List<Monitor> monitors = awaitMonitors(x.size(first), x.size(second));
        Monitor right = monitors.get(1);
        // Client mouse mode: the position goes to display 2, which the guest's agent places on its monitor.
        x.run(Tool.XDOTOOL, "mousemove", "--window", second, "123", "45");
        awaitGuestPointer(right.x() + 123, right.y() + 45);
        x.run(Tool.XDOTOOL, "mousemove", "--window", first, "67", "89");
        awaitGuestPointer(67, 89);
    }

    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closingTheSecondWindowTurnsTheGuestsSecondMonitorOff() throws Exception {
        WindowCloseRequest.send(x.display(), second);
        await("the second window to go", WAIT, () -> {
            try {
                return x.findWindow("^" + TITLE + " \\(2\\)$").isEmpty();
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        int[] firstSize = x.size(first);
        List<Monitor> monitors = awaitMonitors(firstSize);
        assertEquals(List.of(new Monitor(0, 0, firstSize[0], firstSize[1], "Virtual-1")), monitors);
        // The guest's answer, turning the display off, must not bring the window back.
        Thread.sleep(4000);
        assertTrue(x.findWindow("^" + TITLE + " \\(2\\)$").isEmpty(), "the closed window stays closed");
        assertEquals(List.of(new Monitor(0, 0, firstSize[0], firstSize[1], "Virtual-1")), activeMonitors());
        assertTrue(viewer.process().isAlive(), "closing another display's window leaves the session");
        assertTrue(viewer.errContains("display 2 closed"), viewer.err());
    }

    @Test
    @Order(4)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void inFullScreenTheFirstDisplayTakesTheHostMonitorAndTheSecondStaysBesideIt() throws Exception {
        viewer.close();
        openViewer();
        int[] windowed = x.size(first);
        int[] secondSize = x.size(second);
        awaitMonitors(windowed, secondSize);
        x.run(Tool.XDOTOOL, "mousemove", "--window", first, "100", "100");
        x.run(Tool.XDOTOOL, "windowfocus", "--sync", first);
        x.run(Tool.XDOTOOL, "key", "shift+F11");
        List<Monitor> full = awaitMonitors(new int[]{SCREEN_WIDTH, SCREEN_HEIGHT}, secondSize);
        assertEquals(List.of(new Monitor(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT, "Virtual-1"),
                new Monitor(SCREEN_WIDTH, 0, secondSize[0], secondSize[1], "Virtual-2")), full,
                "the host has one monitor: display 2 has none to fill and stays a window");
        x.run(Tool.XDOTOOL, "key", "shift+F11");
        List<Monitor> back = awaitMonitors(windowed, secondSize);
        assertEquals(List.of(new Monitor(0, 0, windowed[0], windowed[1], "Virtual-1"),
                new Monitor(windowed[0], 0, secondSize[0], secondSize[1], "Virtual-2")), back,
                "leaving full screen gives the windows' sizes back");
    }

    @Test
    @Order(5)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eachWindowShowsWhatTheReferenceClientSeesOfItsMonitor() throws Exception {
        List<Monitor> monitors = awaitMonitors(x.size(first), x.size(second));
        assertEquals(2, monitors.size(), "the guest's active monitors: " + monitors);
        // The last draws reach the windows once the guest holds still.
        Thread.sleep(3000);
        guest.server().qmp().stop();
        List<PpmImage> shown;
        PpmImage reference;
        try {
            Thread.sleep(2000);
            shown = List.of(x.capture(first), x.capture(second));
            reference = ReferenceClient.screenshot(guest.server());
        } finally {
            guest.server().qmp().cont();
        }
        for (int i = 0; i < 2; i++) {
            Monitor monitor = monitors.get(i);
            PpmImage window = shown.get(i);
            assertEquals(monitor.width() + "x" + monitor.height(), window.width() + "x" + window.height(),
                    "window " + (i + 1) + " is its monitor's size");
            int differing = 0;
            for (int row = 0; row < monitor.height(); row++) {
                for (int column = 0; column < monitor.width(); column++) {
                    if (window.argb(column, row) != reference.argb(monitor.x() + column, monitor.y() + row)) {
                        differing++;
                    }
                }
            }
            assertEquals(0, differing, "pixels of window " + (i + 1) + " differing from " + monitor
                    + " in spicy-screenshot's " + reference);
        }
    }

    /**
     * Waits until the guest's pointer is at ({@code x}, {@code y}), give or take a pixel: the guest's agent moves
     * it through a tablet device spanning the whole screen, and X's scaling of the tablet's range onto the pixels
     * rounds (sent 1147,45 on a 1664x768 screen, it came out 1146,44). A pixel is far below the monitor's offset
     * that this tells apart.
     */
    private void awaitGuestPointer(int x, int y) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String seen;
        do {
            seen = guest.agent().shell("DISPLAY=:0 xdotool getmouselocation", COMMAND_LIMIT).stdout();
            Matcher m = POINTER.matcher(seen);
            if (m.find() && Math.abs(Integer.parseInt(m.group(1)) - x) <= 1
                    && Math.abs(Integer.parseInt(m.group(2)) - y) <= 1) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the guest's pointer is at " + seen.strip() + ", not " + x + "," + y);
    }

    /**
     * @param sizes each display's size, in order
     * @return the monitors the guest shows once they are these, side by side from the left, or what it shows
     *         when the time is up
     */
    private List<Monitor> awaitMonitors(int[]... sizes) throws IOException, InterruptedException {
        List<Monitor> expected = new ArrayList<>();
        int left = 0;
        for (int i = 0; i < sizes.length; i++) {
            expected.add(new Monitor(left, 0, sizes[i][0], sizes[i][1], "Virtual-" + (i + 1)));
            left += sizes[i][0];
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Monitor> monitors;
        do {
            // The guest's own resize loop and its desktop loop both act on each change: wait for the last word.
            monitors = activeMonitors();
            if (monitors.equals(expected)) {
                return monitors;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return monitors;
    }

    private List<Monitor> activeMonitors() throws IOException {
        GuestAgent.ExecResult listed = guest.agent().shell("DISPLAY=:0 xrandr --listactivemonitors", COMMAND_LIMIT);
        List<Monitor> monitors = new ArrayList<>();
        Matcher m = ACTIVE.matcher(listed.stdout());
        while (m.find()) {
            monitors.add(new Monitor(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(5)));
        }
        monitors.sort((a, b) -> a.output().compareTo(b.output()));
        return monitors;
    }

    /** @return an X bitmap of random bits, the same every run */
    private static String tile(int width, int height) {
        Random random = new Random(width * 31L + height);
        StringBuilder out = new StringBuilder("#define tile_width " + width + "\n#define tile_height " + height
                + "\nstatic unsigned char tile_bits[] = {\n");
        int bytes = (width + 7) / 8 * height;
        for (int i = 0; i < bytes; i++) {
            out.append(String.format("0x%02x", random.nextInt(256))).append(i + 1 < bytes ? "," : "")
                    .append(i % 12 == 11 ? "\n" : " ");
        }
        return out.append("};\n").toString();
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
}
