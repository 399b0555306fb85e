package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * spice-gtk's client against the fixture, checked against QEMU's own screendump: the two must agree
 * pixel for pixel on the paused firmware screen, which validates both as oracles for our display code.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReferenceClientIT {
    private static final Duration AGREEMENT_TIMEOUT = Duration.ofSeconds(40);

    @Test
    void theReferenceClientSeesWhatQemuShows() throws Exception {
        try (QemuServer server = QemuServer.start()) {
            PpmImage agreed = ReferenceClient.pauseOnAgreedScreen(server, AGREEMENT_TIMEOUT);

            assertEquals("paused", server.qmp().status());
            PpmImage qemu = server.screendump();
            PpmImage client = ReferenceClient.screenshot(server);
            assertEquals(qemu.width(), client.width(), "width of the firmware's video mode");
            assertEquals(qemu.height(), client.height(), "height of the firmware's video mode");
            assertEquals(0, qemu.differingPixels(client), "pixels where the client and QEMU differ");
            assertEquals(agreed, qemu, "the paused screen changed");
        }
    }

    @Test
    void theReferenceClientAuthenticatesWithThePassword() throws Exception {
        QemuOptions options = QemuOptions.builder().password("fixture-pw-2").build();
        try (QemuServer server = QemuServer.start(options)) {
            PpmImage agreed = ReferenceClient.pauseOnAgreedScreen(server, AGREEMENT_TIMEOUT);

            assertEquals(agreed, ReferenceClient.screenshot(server));
            IOException e = assertThrows(IOException.class, () -> ReferenceClient.screenshot(
                    server.host(), server.port(), Optional.of("wrong-password"), Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("exited with status"), e.getMessage());
        }
    }
}
