package dev.saffron.spice;

import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.ReferenceClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Video streams from a screen that never rests: decoded for a sustained period, then the final picture. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DisplayStreamIT {
    @Test
    void movingScreenStreamsWithoutErrorsAndSettlesOnTheReferencePicture(@TempDir Path dir) throws Exception {
        QemuOptions options = QemuOptions.builder().streamingVideo(QemuOptions.StreamingVideo.ALL)
                .extraArguments(AnimatedGuest.qemuArguments(dir).toArray(String[]::new)).build();
        try (QemuServer server = QemuServer.start(options);
             SpiceSession session = new SpiceSession(SessionConfig.builder()
                     .host(server.host()).port(server.port()).build())) {
            session.connect();
            session.awaitChannels(Duration.ofSeconds(20));
            DisplayChannel display = session.channels().stream().filter(c -> c instanceof DisplayChannel)
                    .map(DisplayChannel.class::cast).findFirst().orElseThrow();
            display.awaitFrame(Duration.ofMillis(200), Duration.ofSeconds(30));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (display.streamFramesShown() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long shownBefore = display.streamFramesShown();
            Thread.sleep(3000);
            long shownDuring = display.streamFramesShown() - shownBefore;
            assertTrue(shownBefore >= 100, "stream frames shown: " + shownBefore);
            assertTrue(shownDuring > 10, "frames keep coming: " + shownDuring + " in 3 s");
            assertEquals(0, display.decodeErrors());

            // Frozen, the server ends the stream and sends the last picture losslessly: it must equal the
            // reference client's view of the same frozen screen. The server serves one client at a time, so
            // Saffron's picture is taken, and its session closed, before the reference client connects.
            server.qmp().stop();
            Thread.sleep(3000);
            DisplaySurface surface = display.awaitFrame(Duration.ofMillis(500), Duration.ofSeconds(30));
            int[] ours = surface.toArgb();
            assertEquals(0, display.decodeErrors());
            session.disconnect();
            assertTrue(session.awaitClosed(Duration.ofSeconds(10)));
            PpmImage reference = ReferenceClient.screenshot(server);
            int differing = reference.differingPixels(ours, surface.width());
            assertEquals(0, differing, "pixels differing from spicy-screenshot after the stream ended");
        }
    }
}
