package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.ReferenceClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Video streams in codecs other than MJPEG from QEMU's spice-server, encoded with GStreamer (vp8enc, x264enc),
 * decoded by the FFmpeg binding: the screen that never rests streams in the codec the server was told to use,
 * every frame decodes, and once frozen the picture equals the reference client's.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VideoStreamIT {
    /**
     * spice-server's default encoders put its own MJPEG first and GStreamer's after; QEMU 7.2 cannot change
     * them, so the client asks for the codec (PREFERRED_VIDEO_CODEC_TYPE), as spice-gtk's applications can.
     */
    @ParameterizedTest
    @EnumSource(value = VideoCodec.class, names = {"VP8", "H264"})
    void aMovingScreenStreamsInThePreferredCodecDecodesWithoutErrorsAndSettlesOnTheReferencePicture(
            VideoCodec codec, @TempDir Path dir) throws Exception {
        QemuOptions options = QemuOptions.builder().streamingVideo(QemuOptions.StreamingVideo.ALL)
                .extraArguments(AnimatedGuest.qemuArguments(dir).toArray(String[]::new)).build();
        try (QemuServer server = QemuServer.start(options);
             SpiceSession session = new SpiceSession(SessionConfig.builder()
                     .host(server.host()).port(server.port()).preferredVideoCodecs(List.of(codec)).build())) {
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
            assertTrue(display.streamsCreated(codec) > 0, "no " + codec + " stream was created");
            assertTrue(shownBefore >= 100, "stream frames shown: " + shownBefore);
            assertTrue(shownDuring > 10, "frames keep coming: " + shownDuring + " in 3 s");
            assertEquals(0, display.decodeErrors());
            System.out.printf("%s: %d streams, %d frames shown, %d dropped%n", codec, display.streamsCreated(codec),
                    display.streamFramesShown(), display.streamFramesDropped());

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
