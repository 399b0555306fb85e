package dev.saffron.nativebindings.fd;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.GlScanoutError;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.SpiceUri;
import dev.saffron.spice.testing.DisplayFrames;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ordinary QEMU (no {@code gl=on}) over {@code spice+unix://} with GL scanout on: the display channel then runs
 * on libc's descriptor-passing socket and offers GL_SCANOUT, which this server ignores; its 2D drawing must
 * arrive as over the JDK's socket.
 */
class UnixDescriptorSessionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTwoDimensionalDisplayDrawsOverTheDescriptorPassingSocket() throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().unixSocket().build())) {
            SessionConfig config = SessionConfig.builder()
                    .uri(SpiceUri.parse("spice+unix://" + server.unixSocket().orElseThrow())).glScanout(true).build();
            try (SpiceSession session = new SpiceSession(config)) {
                session.connect();
                DisplayChannel display = session.awaitChannels(WAIT).stream()
                        .filter(channel -> channel.type() == ChannelType.DISPLAY).map(DisplayChannel.class::cast)
                        .findFirst().orElseThrow();
                var surface = DisplayFrames.awaitFirst(session, WAIT);
                assertTrue(surface.width() > 0 && surface.height() > 0);
                assertEquals(0, display.glDrawsAnswered(), "QEMU without gl=on sends no GL_DRAW");
                for (GlScanoutError error : GlScanoutError.values()) {
                    assertEquals(0, display.glScanoutErrors(error));
                }
                assertEquals(0, display.decodeErrors());
            }
        }
    }
}
