package dev.saffron.spice;

import dev.saffron.spice.testing.DisplayFrames;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.SaslUsers;
import dev.saffron.spice.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SASL against QEMU's SPICE server ({@code sasl=on}) with a user database of the test's own: DIGEST-MD5
 * over plain TCP, where every message after the link travels through the SASL confidentiality layer, and
 * PLAIN over TLS; wrong and missing credentials give spice-gtk's error codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SaslIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "alice";
    private static final String PASSWORD = "sasl-s3cret";

    private QemuServer plainServer;
    private QemuServer tlsServer;
    private TestCertificates.Issued ca;

    @BeforeAll
    void startServers(@TempDir Path directory) throws Exception {
        Path digest = Files.createDirectory(directory.resolve("digest"));
        plainServer = QemuServer.start(QemuOptions.builder()
                .sasl(SaslUsers.write(digest, USER, PASSWORD, List.of("digest-md5"))).build());

        Path plainOverTls = Files.createDirectory(directory.resolve("plain"));
        Path x509 = Files.createDirectory(directory.resolve("x509"));
        ca = TestCertificates.authority("CN=Saffron SASL test CA");
        TestCertificates.writeQemuFiles(x509, ca,
                TestCertificates.builder("CN=saffron-sasl").ipAddress("127.0.0.1").issuedBy(ca).build());
        tlsServer = QemuServer.start(QemuOptions.builder().tls(x509)
                .sasl(SaslUsers.write(plainOverTls, USER, PASSWORD, List.of("plain"))).build());
    }

    @AfterAll
    void stopServers() {
        if (plainServer != null) {
            plainServer.close();
        }
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    private SessionConfig.Builder plain() {
        return SessionConfig.builder().host(plainServer.host()).port(plainServer.port())
                .connectTimeout(Duration.ofSeconds(15));
    }

    @Test
    void digestMd5OverPlainTcpRunsTheSessionThroughTheSecurityLayer() throws Exception {
        try (SpiceSession session = new SpiceSession(plain().username(USER).password(PASSWORD).build())) {
            session.connect();
            List<SpiceChannel> channels = session.awaitChannels(WAIT);
            assertTrue(channels.stream().anyMatch(channel -> channel.type() == ChannelType.DISPLAY), "" + channels);
            assertTrue(session.name().isPresent() || session.uuid().isPresent(),
                    "the main channel's messages came through the layer");
            String spice = plainServer.qmp().execute("query-spice");
            assertTrue(spice.contains("\"channel-type\": 2") || spice.contains("\"channel-type\":2"),
                    "the display channel linked too: " + spice);
            DisplayFrames.awaitFirst(session, WAIT);
        }
    }

    @Test
    void wrongPasswordIsAnAuthErrorWithoutThePassword() {
        SpiceException e = assertThrows(SpiceException.class,
                () -> connect(plain().username(USER).password("not-" + PASSWORD)));
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error(), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    @Test
    void unknownUserIsAnAuthError() {
        SpiceException e = assertThrows(SpiceException.class,
                () -> connect(plain().username("mallory").password(PASSWORD)));
        assertTrue(e.error().isAuthError(), e.error() + ": " + e.getMessage());
    }

    @Test
    void missingUsernameSaysSo() {
        SpiceException e = assertThrows(SpiceException.class, () -> connect(plain().password(PASSWORD)));
        assertEquals(SpiceError.AUTH_NEEDS_USERNAME, e.error(), e.getMessage());
    }

    @Test
    void missingPasswordSaysSo() {
        SpiceException e = assertThrows(SpiceException.class, () -> connect(plain().username(USER)));
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains("password is required"), e.getMessage());
    }

    @Test
    void missingBothSaysSo() {
        SpiceException e = assertThrows(SpiceException.class, () -> connect(plain()));
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD_AND_USERNAME, e.error(), e.getMessage());
    }

    @Test
    void plainOverTlsNeedsNoSecurityLayer() throws Exception {
        SessionConfig config = SessionConfig.builder().host(tlsServer.host())
                .tlsPort(tlsServer.tlsPort().getAsInt())
                .ca(ca.certificatePem().getBytes(StandardCharsets.US_ASCII))
                .username(USER).password(PASSWORD).connectTimeout(Duration.ofSeconds(15)).build();
        try (SpiceSession session = new SpiceSession(config)) {
            session.connect();
            assertTrue(session.awaitChannels(WAIT).stream().anyMatch(c -> c.type() == ChannelType.DISPLAY));
            DisplayFrames.awaitFirst(session, WAIT);
            session.disconnect();
            assertTrue(session.awaitClosed(WAIT));
        }
        SessionConfig wrong = config.toBuilder().password("wrong").build();
        SpiceException e = assertThrows(SpiceException.class, () -> {
            try (SpiceSession session = new SpiceSession(wrong)) {
                session.connect();
            }
        });
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error(), e.getMessage());
    }

    private static void connect(SessionConfig.Builder config) throws SpiceException {
        try (SpiceSession session = new SpiceSession(config.build())) {
            session.connect();
        }
    }
}
