package dev.saffron.viewer;

import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.TextScreens;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.XvfbServer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --jfr=FILE} through the launcher, against QEMU: a screenshot's file holds the session's draws, the
 * window's the latency of a key typed into it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FlightRecordingIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** SeaBIOS's text rows: its prompt, and the first line of its boot menu. */
    private static final int PROMPT_ROW = 2;
    private static final int MENU_ROW = 4;
    /** Escape's X keycode, as Xvfb's keymap has it. */
    private static final int X_ESCAPE = 9;

    @Test
    void aScreenshotRecordsTheImagesItDecodedAndTheDrawsItMade(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("screenshot.jfr");
        Path png = dir.resolve("screenshot.png");
        try (QemuServer server = QemuServer.start();
             LauncherProcess saffron = LauncherProcess.start(dir, Map.of(), "screenshot", "--jfr=" + recording,
                     "spice://" + server.host() + ":" + server.port(), png.toString())) {
            assertTrue(saffron.process().waitFor(120, TimeUnit.SECONDS), "the screenshot ends");
            assertEquals(0, saffron.process().exitValue(), saffron.stderr());
        }
        assertTrue(Files.size(png) > 0);
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);

        List<RecordedEvent> images = named(events, "saffron.ImageDecoded");
        assertFalse(images.isEmpty(), "the firmware's screen comes as images");
        for (RecordedEvent image : images) {
            assertFalse(image.getString("codec").isEmpty(), image.toString());
            assertEquals((long) image.getInt("width") * image.getInt("height"), image.getLong("pixels"));
            assertTrue(image.getLong("pixels") > 0, image.toString());
        }
        List<RecordedEvent> draws = named(events, "saffron.Draw");
        assertTrue(draws.size() >= images.size(), "each image came in a draw: " + draws.size() + " draws, "
                + images.size() + " images");
        assertTrue(draws.stream().allMatch(d -> d.getString("operation").startsWith("display ")), draws.toString());
        assertFalse(named(events, "jdk.JVMInformation").isEmpty(), "the JDK's default events are recorded too");
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aKeyTypedIntoTheWindowRecordsItsLatencyToTheFrameThatShowsTheAnswer(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("window.jfr");
        // SeaBIOS waits at its prompt; Escape opens the boot menu two text rows below it.
        QemuOptions options = QemuOptions.builder().extraArguments("-boot", "menu=on,splash-time=60000").build();
        try (QemuServer server = QemuServer.start(options);
             XvfbServer x = XvfbServer.start(1024, 768, dir);
             ViewerProcess viewer = ViewerProcess.start(dir, x, Map.of(), "--jfr=" + recording,
                     "spice://" + server.host() + ":" + server.port(), "-t", "saffron-jfr", "--spice-debug")) {
            String window = x.awaitWindow("^saffron-jfr$", WAIT);
            awaitTextRow(x, window, PROMPT_ROW);
            assertEquals(0, ink(x.capture(window), MENU_ROW), "no menu before the key");
            x.run(Tool.XDOTOOL, "mousemove", "--window", window, "300", "200");
            x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
            awaitErr(viewer, "keyboard grabbed");
            x.run(Tool.XDOTOOL, "key", "Escape");
            // Shown in the window, so presented: the measurement has ended by now.
            awaitTextRow(x, window, MENU_ROW);
            WindowCloseRequest.send(x.display(), window);
            assertTrue(viewer.process().waitFor(60, TimeUnit.SECONDS), "the window closes: " + viewer.err());
        }
        List<RecordedEvent> keys = named(RecordingFile.readAllEvents(recording), "saffron.KeyToPresent");
        assertEquals(1, keys.size(), "one press, Escape's release is not measured: " + keys);
        RecordedEvent key = keys.getFirst();
        // The figure itself, for the README's example; failsafe keeps it in the test's output.
        System.out.println("measured " + key);
        assertEquals(X_ESCAPE, key.getInt("keycode"), key.toString());
        assertEquals(1, key.getInt("keys"), key.toString());
        Duration latency = key.getDuration();
        // From the key to the frame through QEMU under TCG on a loaded machine: well under seconds, never zero.
        assertTrue(latency.compareTo(Duration.ZERO) > 0 && latency.compareTo(Duration.ofSeconds(10)) < 0,
                key.toString());
        Duration windowShare = key.getDuration("windowNanos");
        assertTrue(!windowShare.isNegative() && windowShare.compareTo(latency) < 0, key.toString());
    }

    private static void awaitErr(ViewerProcess viewer, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!viewer.errContains(text)) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for \"" + text + "\": " + viewer.err());
            Thread.sleep(100);
        }
    }

    private static void awaitTextRow(XvfbServer x, String window, int row) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ink(x.capture(window), row) == 0) {
            assertTrue(System.nanoTime() < deadline, "nothing appeared in the window on text row " + row);
            Thread.sleep(200);
        }
    }

    /** @return how many pixels of a text row are not black, leaving out the first column (the text cursor) */
    private static int ink(PpmImage screen, int row) {
        int count = 0;
        for (int y = row * TextScreens.CELL_HEIGHT; y < (row + 1) * TextScreens.CELL_HEIGHT && y < screen.height();
             y++) {
            for (int x = TextScreens.CELL_WIDTH; x < screen.width(); x++) {
                if ((screen.argb(x, y) & 0xFFFFFF) != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
