package dev.saffron.spice;

import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recording of a live display channel, played back offline, ends on the same picture as the live one. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DisplayReplayIT {
    @Test
    void replayEndsWhereTheLiveSessionEnded(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("display.rec");
        QemuOptions options = QemuOptions.builder().streamingVideo(QemuOptions.StreamingVideo.ALL)
                .imageCompression(QemuOptions.ImageCompression.AUTO_GLZ)
                .extraArguments(AnimatedGuest.qemuArguments(dir).toArray(String[]::new)).build();
        int[] live;
        long liveFrames;
        try (QemuServer server = QemuServer.start(options)) {
            SpiceSession session = new SpiceSession(SessionConfig.builder()
                    .host(server.host()).port(server.port()).build());
            session.recordDisplay(recording);
            session.connect();
            session.awaitChannels(Duration.ofSeconds(20));
            DisplayChannel display = session.channels().stream().filter(c -> c instanceof DisplayChannel)
                    .map(DisplayChannel.class::cast).findFirst().orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (display.streamFramesShown() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            liveFrames = display.streamFramesShown();
            server.qmp().stop();
            Thread.sleep(3000);
            live = display.awaitFrame(Duration.ofMillis(500), Duration.ofSeconds(30)).toArgb();
            session.disconnect();
            assertTrue(session.awaitClosed(Duration.ofSeconds(10)));
        }
        assertTrue(liveFrames >= 50, "the recording holds video: " + liveFrames + " frames");
        assertTrue(Files.size(recording) > 0);

        try (DisplayReplay replay = DisplayReplay.open(recording)) {
            assertTrue(replay.messageCount() > 50, replay.messageCount() + " messages");
            DisplayChannel display = replay.play(false);
            replay.drain(Duration.ofSeconds(20));
            assertEquals(0, display.decodeErrors());
            assertTrue(display.streamFramesShown() + display.streamFramesDropped() >= liveFrames,
                    "every recorded frame was handled again");
            assertArrayEquals(live, display.primarySurface().orElseThrow().toArgb(), "the replay ends on the live picture");

            DisplayChannel again = replay.play(false);
            replay.drain(Duration.ofSeconds(20));
            assertArrayEquals(live, again.primarySurface().orElseThrow().toArgb(), "replays repeat");
        }
    }
}
