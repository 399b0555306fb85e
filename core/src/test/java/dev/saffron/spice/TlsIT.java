package dev.saffron.spice;

import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.QmpException;
import dev.saffron.spice.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS against QEMU's SPICE server, with a CA and server certificate made here: every verification mode
 * passes with the right CA, subject or key and fails with a typed error with the wrong one, before the
 * server sees a link; and channels pick ports as spice-gtk does.
 *
 * <p>What "the server saw no link" rests on: QEMU reports SPICE_CONNECTED when it accepts the TCP
 * connection, before TLS; SPICE_INITIALIZED only once a channel has linked; and query-spice lists only
 * linked channels. A rejected connection must show the first, not the second, and leave the list empty;
 * spice-server also logs the failed TLS accept, after which it never reads link data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SUBJECT = "C=XX,O=Saffron Test,CN=saffron-server";
    private static final TestCertificates.Issued CA = TestCertificates.authority("O=Saffron Test,CN=Saffron test CA");
    private static final TestCertificates.Issued OTHER_CA = TestCertificates.authority("CN=Somebody else's CA");
    private static final Pattern CHANNEL = Pattern.compile("\\{[^{}]*\"channel-type\":\\s*(\\d+)[^{}]*}");
    private static final Pattern TLS_FLAG = Pattern.compile("\"tls\":\\s*(true|false)");

    private TestCertificates.Issued serverCertificate;
    private QemuServer server;

    @BeforeAll
    void startServer(@TempDir Path directory) throws Exception {
        serverCertificate = TestCertificates.builder(SUBJECT).ipAddress("127.0.0.1").issuedBy(CA).build();
        TestCertificates.writeQemuFiles(directory, CA, serverCertificate);
        server = QemuServer.start(QemuOptions.builder().tls(directory).build());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void forgetEarlierEvents() {
        server.qmp().clearEvents();
    }

    private static byte[] pem(TestCertificates.Issued ca) {
        return ca.certificatePem().getBytes(StandardCharsets.US_ASCII);
    }

    /** Like {@code spice+tls://127.0.0.1:TLSPORT}: only the TLS port. */
    private static SessionConfig.Builder tlsOnly(QemuServer server) {
        return SessionConfig.builder().host(server.host()).tlsPort(server.tlsPort().orElseThrow())
                .connectTimeout(Duration.ofSeconds(10));
    }

    /** @return the linked channels QEMU reports, by channel type, with whether each uses TLS */
    private static Map<Integer, Boolean> linkedChannels(QemuServer server) throws Exception {
        Map<Integer, Boolean> channels = new TreeMap<>();
        Matcher m = CHANNEL.matcher(server.qmp().execute("query-spice"));
        while (m.find()) {
            Matcher tls = TLS_FLAG.matcher(m.group());
            assertTrue(tls.find(), m.group());
            channels.put(Integer.parseInt(m.group(1)), Boolean.parseBoolean(tls.group(1)));
        }
        return channels;
    }

    /**
     * Connects, waits for every channel and for the display's first complete frame, and returns what QEMU
     * then reports as linked. The frame also keeps the test clear of a spice-server crash (a NULL dereference
     * in its display worker) that a client disconnecting within moments of linking the display can trigger.
     */
    private static Map<Integer, Boolean> connectAndList(QemuServer server, SessionConfig config) throws Exception {
        try (SpiceSession session = new SpiceSession(config)) {
            CountDownLatch framed = new CountDownLatch(1);
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    if (channel instanceof DisplayChannel typed) {
                        typed.addListener(new DisplayChannelListener() {
                            @Override
                            public void mark(DisplayChannel display, boolean marked) {
                                framed.countDown();
                            }
                        });
                    }
                }
            });
            session.connect();
            session.awaitChannels(WAIT);
            assertTrue(session.mainChannel().orElseThrow().isOpen());
            assertTrue(framed.await(WAIT.toSeconds(), TimeUnit.SECONDS), "a frame came through the display channel");
            return linkedChannels(server);
        }
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** Waits until QEMU's log holds {@code part} more than {@code before} times. */
    private static void awaitLogged(QemuServer server, String part, int before) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(server.stderr(), part) <= before) {
            assertTrue(System.nanoTime() < deadline, "QEMU did not log '" + part + "':\n" + server.stderrTail());
            Thread.sleep(50);
        }
    }

    /** The session fails with TLS_FAILED naming {@code cause}, and the server never saw a link. */
    private static void assertRejected(QemuServer server, SessionConfig config, String cause) throws Exception {
        server.qmp().clearEvents();
        int failedAccepts = count(server.stderr(), "SSL_accept failed");
        SpiceSession session = new SpiceSession(config);
        SpiceException e = assertThrows(SpiceException.class, session::connect);
        assertEquals(SpiceError.TLS_FAILED, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains(cause), e.getMessage());
        assertTrue(session.awaitClosed(WAIT));

        assertNotNull(server.qmp().awaitEvent("SPICE_CONNECTED", WAIT), "the TCP connection reached QEMU");
        assertNotNull(server.qmp().awaitEvent("SPICE_DISCONNECTED", WAIT), "and QEMU dropped it");
        assertThrows(QmpException.class, () -> server.qmp().awaitEvent("SPICE_INITIALIZED", Duration.ofMillis(500)),
                "no channel linked");
        assertEquals(Map.of(), linkedChannels(server));
        awaitLogged(server, "SSL_accept failed", failedAccepts);
    }

    @Test
    void theRightCaAndHostnameGiveAWholeSessionOverTls() throws Exception {
        Map<Integer, Boolean> linked = connectAndList(server, tlsOnly(server).ca(pem(CA)).build());

        assertEquals(Map.of(1, true, 2, true, 3, true, 4, true), linked, "main, display, inputs and cursor over TLS");
    }

    @Test
    void aCaFileWorksLikeCaBytes(@TempDir Path directory) throws Exception {
        Path caFile = Files.writeString(directory.resolve("ca-file.pem"), CA.certificatePem());

        assertEquals(Map.of(1, true, 2, true, 3, true, 4, true), connectAndList(server, tlsOnly(server).caFile(caFile).build()));
    }

    @Test
    void anotherCaIsRejectedAsUntrusted() throws Exception {
        assertRejected(server, tlsOnly(server).ca(pem(OTHER_CA)).build(), "untrusted");
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRejected() throws Exception {
        // The certificate names IP 127.0.0.1 only; "localhost" reaches the same server by another name.
        assertRejected(server, tlsOnly(server).host("localhost").ca(pem(CA)).build(), "hostname mismatch");
    }

    @Test
    void theRightSubjectPassesEvenForAnotherHostName() throws Exception {
        SessionConfig config = tlsOnly(server).host("localhost").ca(pem(CA))
                .certSubject("C=XX, O=saffron test, CN=Saffron-Server").build();

        assertEquals(Map.of(1, true, 2, true, 3, true, 4, true), connectAndList(server, config));
    }

    @Test
    void aWrongSubjectIsRejected() throws Exception {
        assertRejected(server, tlsOnly(server).ca(pem(CA)).certSubject("C=XX,O=Saffron Test,CN=impostor").build(),
                "subject mismatch");
    }

    @Test
    void theServersPublicKeyAloneIsEnough() throws Exception {
        SessionConfig config = tlsOnly(server).host("localhost").verify(Set.of())
                .pubkey(serverCertificate.publicKeyDer()).build();
        assertEquals(Set.of(VerifyMode.PUBKEY), config.verify());

        assertEquals(Map.of(1, true, 2, true, 3, true, 4, true), connectAndList(server, config));
    }

    @Test
    void anotherPublicKeyIsRejected() throws Exception {
        SessionConfig config = tlsOnly(server).verify(Set.of())
                .pubkey(TestCertificates.newKeyPair().getPublic().getEncoded()).build();

        assertRejected(server, config, "is not the configured pubkey");
    }

    @Test
    void withBothPortsChannelsUsePlainTextUnlessTheyMustBeSecure() throws Exception {
        SessionConfig both = tlsOnly(server).port(server.port()).ca(pem(CA)).build();

        assertEquals(Map.of(1, false, 2, false, 3, false, 4, false), connectAndList(server, both));
        assertEquals(Map.of(1, true, 2, false, 3, false, 4, false), connectAndList(server,
                both.toBuilder().secureChannelNames(List.of("main")).build()));
        assertEquals(Map.of(1, true, 2, true, 3, true, 4, true), connectAndList(server,
                both.toBuilder().secureChannelNames(List.of("all")).build()));
    }

    @Test
    void aChannelTheServerWantsSecuredReconnectsOverTls(@TempDir Path directory) throws Exception {
        TestCertificates.writeQemuFiles(directory, CA, serverCertificate);
        try (QemuServer secured = QemuServer.start(QemuOptions.builder().tls(directory).tlsChannel("main").build())) {
            SessionConfig both = tlsOnly(secured).port(secured.port()).ca(pem(CA)).build();

            assertEquals(Map.of(1, true, 2, false, 3, false, 4, false), connectAndList(secured, both));
            awaitLogged(secured, "should be encrypted", 0);
        }
    }

    @Test
    void anExpiredServerCertificateIsRejected(@TempDir Path directory) throws Exception {
        Instant now = Instant.now();
        TestCertificates.Issued expired = TestCertificates.builder(SUBJECT).ipAddress("127.0.0.1").issuedBy(CA)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).build();
        TestCertificates.writeQemuFiles(directory, CA, expired);
        try (QemuServer stale = QemuServer.start(QemuOptions.builder().tls(directory).build())) {
            assertRejected(stale, tlsOnly(stale).ca(pem(CA)).build(), "expired");
        }
    }
}
