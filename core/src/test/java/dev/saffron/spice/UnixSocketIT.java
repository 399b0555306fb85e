package dev.saffron.spice;

import dev.saffron.spice.testing.DisplayFrames;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session over QEMU's SPICE unix socket ({@code -spice unix=on,addr=PATH}), named by a spice+unix URI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixSocketIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private QemuServer server;

    @BeforeAll
    void start() throws Exception {
        server = QemuServer.start(QemuOptions.builder().unixSocket().build());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyChannelOpensOverTheUnixSocket() throws Exception {
        Path socket = server.unixSocket().orElseThrow();
        SessionConfig config = SessionConfig.builder().uri(SpiceUri.parse("spice+unix://" + socket)).build();
        assertEquals(socket.toString(), config.unixPath().orElseThrow());
        try (SpiceSession session = new SpiceSession(config)) {
            session.connect();
            List<SpiceChannel> channels = session.awaitChannels(WAIT);
            assertTrue(channels.stream().anyMatch(c -> c.type() == ChannelType.DISPLAY), channels.toString());
            String spice = server.qmp().execute("query-spice");
            assertTrue(spice.contains("\"family\": \"unix\""), "QEMU lists unix-socket channels: " + spice);
            DisplayFrames.awaitFirst(session, WAIT);
        }
    }

    @Test
    void aMissingSocketIsAConnectFailureNamingIt() {
        Path missing = server.unixSocket().orElseThrow().resolveSibling("no-such.sock");
        SessionConfig config = SessionConfig.builder().unixPath(missing.toString())
                .connectTimeout(Duration.ofSeconds(5)).build();
        SpiceException e = assertThrows(SpiceException.class, () -> {
            try (SpiceSession session = new SpiceSession(config)) {
                session.connect();
            }
        });
        assertEquals(SpiceError.CONNECT_FAILED, e.error());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
