package dev.saffron.spice;

import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.ReferenceClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saffron's pixels equal the reference client's on a frozen frame, for every image compression the server can
 * be told to use.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DisplayPixelsIT {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(QemuOptions.ImageCompression.class)
    void framesMatchTheReferenceClient(QemuOptions.ImageCompression compression) throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().imageCompression(compression).build())) {
            PpmImage reference = ReferenceClient.pauseOnAgreedScreen(server, WAIT);
            try (SpiceSession session = new SpiceSession(SessionConfig.builder()
                    .host(server.host()).port(server.port()).build())) {
                session.connect();
                session.awaitChannels(WAIT);
                DisplayChannel display = session.channels().stream()
                        .filter(c -> c instanceof DisplayChannel).map(DisplayChannel.class::cast)
                        .findFirst().orElseThrow();
                DisplaySurface surface = display.awaitFrame(QUIET, WAIT);
                assertEquals(reference.width(), surface.width());
                assertEquals(reference.height(), surface.height());
                assertEquals(0, display.decodeErrors());
                int[] ours = surface.toArgb();
                int differing = 0;
                for (int y = 0; y < reference.height(); y++) {
                    for (int x = 0; x < reference.width(); x++) {
                        if ((ours[y * reference.width() + x] & 0xFFFFFF) != (reference.argb(x, y) & 0xFFFFFF)) {
                            differing++;
                        }
                    }
                }
                assertEquals(0, differing, "pixels differing from spicy-screenshot with " + compression);
                assertTrue(display.isMarked() || surface.width() > 0);
            }
        }
    }
}
