package dev.saffron.spice;

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
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saffron's pixels equal the reference client's, for every image compression the server can be told to use.
 * The guest's screen keeps changing while Saffron watches, so live draws go through the compression's codec
 * (the picture a new client gets on connect is sent with LZ even in GLZ modes); then the guest is frozen and
 * both clients' pictures must agree.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DisplayPixelsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** SpiceImage types a compression may produce for this screen. */
    private static Set<Integer> expectedTypes(QemuOptions.ImageCompression compression) {
        return switch (compression) {
            case QUIC -> Set.of(1);
            case LZ -> Set.of(101);
            case GLZ -> Set.of(102);
            case AUTO_LZ -> Set.of(1, 101);
            case AUTO_GLZ -> Set.of(1, 102);
            case OFF -> Set.of(0);
        };
    }

    /**
     * Lets the guest draw at least 20 images through the codec, stops it, and waits for the picture to rest. The
     * guest switches from the firmware's text mode to mode 13h once, which replaces the primary surface: a stop
     * that lands between that switch and the first draw to the new surface leaves nothing to show, so the guest
     * runs on and is stopped again.
     */
    private static DisplaySurface stoppedFrame(QemuServer server, DisplayChannel display,
                                               QemuOptions.ImageCompression compression) throws Exception {
        for (int attempt = 1; ; attempt++) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            long wanted = 20L * attempt;
            while (expectedTypes(compression).stream().mapToLong(display.engine()::imagesDecoded).sum() < wanted
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            server.qmp().stop();
            try {
                return display.awaitFrame(Duration.ofMillis(1000), Duration.ofSeconds(10));
            } catch (SpiceException e) {
                if (e.error() != SpiceError.TIMEOUT || attempt == 3) {
                    throw e;
                }
                server.qmp().cont();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(QemuOptions.ImageCompression.class)
    void framesMatchTheReferenceClient(QemuOptions.ImageCompression compression, @TempDir Path dir)
            throws Exception {
        QemuOptions options = QemuOptions.builder().imageCompression(compression)
                .streamingVideo(QemuOptions.StreamingVideo.OFF)
                .extraArguments(AnimatedGuest.qemuArguments(dir).toArray(String[]::new)).build();
        try (QemuServer server = QemuServer.start(options)) {
            int[] ours;
            int width;
            int height;
            try (SpiceSession session = new SpiceSession(SessionConfig.builder()
                    .host(server.host()).port(server.port()).build())) {
                session.connect();
                session.awaitChannels(WAIT);
                DisplayChannel display = session.channels().stream()
                        .filter(c -> c instanceof DisplayChannel).map(DisplayChannel.class::cast)
                        .findFirst().orElseThrow();
                DisplaySurface surface = stoppedFrame(server, display, compression);
                ours = surface.toArgb();
                width = surface.width();
                height = surface.height();
                assertEquals(0, display.decodeErrors());
                assertEquals(0, display.drawErrors());
                long viaCodec = expectedTypes(compression).stream().mapToLong(display.engine()::imagesDecoded).sum();
                assertTrue(viaCodec >= 20, "images through the codec of " + compression + ": " + viaCodec);
                // The server serves one client at a time: Saffron leaves before the reference client comes.
                session.disconnect();
                assertTrue(session.awaitClosed(WAIT));
            }
            PpmImage reference = ReferenceClient.screenshot(server);
            assertEquals(reference.width(), width);
            assertEquals(reference.height(), height);
            int differing = reference.differingPixels(ours, width);
            assertEquals(0, differing, "pixels differing from spicy-screenshot with " + compression);
        }
    }
}
