package dev.saffron.viewer;

import dev.saffron.spice.testing.QemuServer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code saffron screenshot --jfr=FILE} through the launcher, against QEMU: the file holds the session's events. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FlightRecordingIT {
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

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
