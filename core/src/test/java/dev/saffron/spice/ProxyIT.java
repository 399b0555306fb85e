package dev.saffron.spice;

import dev.saffron.spice.testing.DisplayFrames;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.TestCertificates;
import dev.saffron.spice.testing.Tinyproxy;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions tunnelled through tinyproxy with HTTP CONNECT, to QEMU in plain text and over TLS: an open
 * proxy, one that demands Basic credentials, and one that forbids the SPICE port; every refusal is a typed
 * error that names its cause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBJECT = "O=Saffron Test,CN=proxied-server";

    private QemuServer server;
    private TestCertificates.Issued ca;
    private Tinyproxy open;
    private Tinyproxy authenticating;
    private Tinyproxy forbidding;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        Path x509 = Files.createDirectory(directory.resolve("x509"));
        ca = TestCertificates.authority("CN=Saffron proxy test CA");
        TestCertificates.writeQemuFiles(x509, ca, TestCertificates.builder(SUBJECT).issuedBy(ca).build());
        server = QemuServer.start(QemuOptions.builder().tls(x509).build());
        open = Tinyproxy.start(directory, Optional.empty(), List.of());
        authenticating = Tinyproxy.start(directory, Optional.of(new String[] {"bob", "pr0xy"}), List.of());
        forbidding = Tinyproxy.start(directory, Optional.empty(), List.of(443));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable each : new AutoCloseable[] {open, authenticating, forbidding, server}) {
            if (each != null) {
                try {
                    each.close();
                } catch (Exception ignored) {
                    // The next one still has to go.
                }
            }
        }
    }

    private SessionConfig.Builder plainVia(String proxy) {
        return SessionConfig.builder().host(server.host()).port(server.port()).proxy(proxy)
                .connectTimeout(Duration.ofSeconds(15));
    }

    private static List<SpiceChannel> connect(SessionConfig config) throws Exception {
        try (SpiceSession session = new SpiceSession(config)) {
            session.connect();
            List<SpiceChannel> channels = session.awaitChannels(WAIT);
            DisplayFrames.awaitFirst(session, WAIT);
            session.disconnect();
            assertTrue(session.awaitClosed(WAIT));
            return channels;
        }
    }

    @Test
    void everyChannelGoesThroughAnOpenProxy() throws Exception {
        SessionConfig config = plainVia(open.uri("")).build();
        assertEquals(Optional.of(HttpProxy.parse(open.uri(""))), new SpiceSession(config).proxy());
        List<SpiceChannel> channels = connect(config);
        assertTrue(channels.stream().anyMatch(c -> c.type() == ChannelType.DISPLAY), channels.toString());
        long tunnels = open.log().lines().filter(line -> line.contains("CONNECT") || line.contains("Connect"))
                .count();
        assertTrue(tunnels >= channels.size(), "one CONNECT per channel:\n" + open.log());
    }

    @Test
    void basicAuthWithTheRightCredentialsGetsThrough() throws Exception {
        List<SpiceChannel> channels = connect(plainVia(authenticating.uri("bob:pr0xy")).build());
        assertTrue(channels.stream().anyMatch(c -> c.type() == ChannelType.DISPLAY), channels.toString());
    }

    @Test
    void missingOrWrongProxyCredentialsAreProxyAuthErrors() {
        SpiceException none = assertThrows(SpiceException.class,
                () -> connect(plainVia(authenticating.uri("")).build()));
        assertEquals(SpiceError.PROXY_AUTH_FAILED, none.error(), none.getMessage());
        assertTrue(none.getMessage().contains("407") && none.getMessage().contains("none given"), none.getMessage());

        SpiceException wrong = assertThrows(SpiceException.class,
                () -> connect(plainVia(authenticating.uri("bob:guess")).build()));
        assertEquals(SpiceError.PROXY_AUTH_FAILED, wrong.error(), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("guess"), "no password in " + wrong.getMessage());
    }

    @Test
    void aForbiddenPortIsRefusedWithTheProxysStatus() {
        SpiceException e = assertThrows(SpiceException.class, () -> connect(plainVia(forbidding.uri("")).build()));
        assertEquals(SpiceError.PROXY_REFUSED, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
    }

    @Test
    void theTargetHostIsResolvedByTheProxyNotTheClient() {
        SessionConfig config = SessionConfig.builder().host("saffron-target.invalid").port(server.port())
                .proxy(open.uri("")).connectTimeout(Duration.ofSeconds(15)).build();
        SpiceException e = assertThrows(SpiceException.class, () -> connect(config));
        assertEquals(SpiceError.PROXY_REFUSED, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains("saffron-target.invalid:" + server.port()), e.getMessage());
        assertTrue(open.log().contains("saffron-target.invalid"), open.log());
    }

    @Test
    void tlsRunsInsideTheTunnelWithTheSubjectCheck() throws Exception {
        SessionConfig config = SessionConfig.builder().host(server.host())
                .tlsPort(server.tlsPort().getAsInt()).proxy(open.uri(""))
                .ca(ca.certificatePem().getBytes(StandardCharsets.US_ASCII)).certSubject(SUBJECT)
                .verify(Set.of(VerifyMode.SUBJECT)).secureChannelNames(List.of("all"))
                .connectTimeout(Duration.ofSeconds(15)).build();
        List<SpiceChannel> channels = connect(config);
        assertTrue(channels.stream().anyMatch(c -> c.type() == ChannelType.DISPLAY), channels.toString());
    }
}
