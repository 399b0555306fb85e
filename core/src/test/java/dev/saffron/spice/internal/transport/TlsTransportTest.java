package dev.saffron.spice.internal.transport;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.VerifyMode;
import dev.saffron.spice.internal.tls.TlsClientContext;
import dev.saffron.spice.testing.TestCertificates;
import dev.saffron.spice.testing.TlsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TLS transport against a JSSE server on loopback that presents certificates made in the test. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsTransportTest {
    private static final String HOST = "127.0.0.1";
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final TestCertificates.Issued CA = TestCertificates.authority("O=Saffron Test,CN=Saffron test CA");
    private static final TestCertificates.Issued OTHER_CA = TestCertificates.authority("CN=Somebody else's CA");
    private static final String SUBJECT = "C=XX,O=Saffron Test,CN=saffron-server";
    private static final TestCertificates.Issued SERVER = TestCertificates.builder(SUBJECT)
            .ipAddress(HOST).issuedBy(CA).build();

    private static SessionConfig.Builder trusting(TestCertificates.Issued ca) {
        return SessionConfig.builder().host(HOST).ca(ca.certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    private static TlsTransport connect(SessionConfig config, int port, Duration timeout) throws SpiceException {
        SocketTransport plain = SocketTransport.connectTcp(HOST, port, LIMIT);
        return TlsTransport.handshake(plain, TlsClientContext.create(config), config.host().orElseThrow(), port,
                timeout);
    }

    private static TlsTransport connect(SessionConfig config, int port) throws SpiceException {
        return connect(config, port, LIMIT);
    }

    /** Echoes each 4-byte request with a 4-byte prefix, until the client closes. */
    private static TlsTestServer echoServer(TestCertificates.Issued identity) throws Exception {
        return new TlsTestServer(identity, List.of(), socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] request = in.readNBytes(4);
            while (request.length == 4) {
                out.write("ECHO".getBytes(StandardCharsets.US_ASCII));
                out.write(request);
                out.flush();
                request = in.readNBytes(4);
            }
        });
    }

    /** Connects, expecting the certificate checks to fail, and shows the server got no data. */
    private static SpiceException rejected(TlsTestServer server, SessionConfig config) throws Exception {
        SpiceException e = assertThrows(SpiceException.class, () -> connect(config, server.port()));
        assertEquals(SpiceError.TLS_FAILED, e.error(), e.getMessage());
        assertNotNull(server.awaitHandshakeFailure(LIMIT), "the server saw the handshake fail");
        assertEquals(0, server.handshakes(), "the server never got as far as reading data");
        return e;
    }

    @Test
    void aTrustedServerCarriesBytesBothWaysThroughHeapAndDirectBuffers() throws Exception {
        try (TlsTestServer server = echoServer(SERVER);
             TlsTransport transport = connect(trusting(CA).build(), server.port())) {
            assertTrue(transport.isSecure());
            assertEquals(HOST + ":" + server.port(), transport.peer());

            transport.writeFully(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer heap = ByteBuffer.allocate(8);
            transport.readFully(heap);
            assertEquals("ECHOping", new String(heap.array(), StandardCharsets.US_ASCII));

            ByteBuffer direct = ByteBuffer.allocateDirect(4).put("pong".getBytes(StandardCharsets.US_ASCII)).flip();
            transport.writeFully(direct);
            assertEquals(0, direct.remaining());
            ByteBuffer reply = ByteBuffer.allocateDirect(8);
            transport.readFully(reply);
            byte[] bytes = new byte[8];
            reply.flip().get(bytes);
            assertEquals("ECHOpong", new String(bytes, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aCaFileTrustsLikeCaBytes(@TempDir Path directory) throws Exception {
        Path caFile = Files.writeString(directory.resolve("ca.pem"), OTHER_CA.certificatePem() + CA.certificatePem());
        try (TlsTestServer server = echoServer(SERVER);
             TlsTransport transport = connect(SessionConfig.builder().host(HOST).caFile(caFile).build(),
                     server.port())) {
            assertTrue(transport.isSecure());
        }
    }

    @Test
    void anUntrustedServerIsRejectedBeforeAnyDataFlows() throws Exception {
        try (TlsTestServer server = echoServer(SERVER)) {
            SpiceException e = rejected(server, trusting(OTHER_CA).build());
            assertTrue(e.getMessage().contains("untrusted") && e.getMessage().contains("CA certificates in ca"),
                    e.getMessage());
        }
    }

    @Test
    void anUnreadableCaFileFallsBackToTheJdkTrustStoreAndSaysSo(@TempDir Path directory) throws Exception {
        Path missing = directory.resolve("missing.pem");
        try (TlsTestServer server = echoServer(SERVER)) {
            SpiceException e = rejected(server, SessionConfig.builder().host(HOST).caFile(missing).build());
            assertTrue(e.getMessage().contains("JDK's default trust store")
                    && e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }

    @Test
    void aCertificateForAnotherHostIsRejected() throws Exception {
        try (TlsTestServer server = echoServer(SERVER)) {
            SpiceException e = rejected(server, trusting(CA).host("localhost").build());
            assertTrue(e.getMessage().contains("hostname mismatch") && e.getMessage().contains("IP:127.0.0.1"),
                    e.getMessage());
        }
    }

    @Test
    void anExpiredCertificateIsRejected() throws Exception {
        Instant now = Instant.now();
        TestCertificates.Issued expired = TestCertificates.builder(SUBJECT).ipAddress(HOST).issuedBy(CA)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).build();
        try (TlsTestServer server = echoServer(expired)) {
            SpiceException e = rejected(server, trusting(CA).build());
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        }
    }

    @Test
    void theSubjectCheckStandsInForTheHostname() throws Exception {
        try (TlsTestServer server = echoServer(SERVER);
             TlsTransport transport = connect(trusting(CA).host("localhost").certSubject(SUBJECT).build(),
                     server.port())) {
            assertTrue(transport.isSecure());
        }
        try (TlsTestServer server = echoServer(SERVER)) {
            SpiceException e = rejected(server, trusting(CA).certSubject("C=XX,O=Saffron Test,CN=impostor").build());
            assertTrue(e.getMessage().contains("subject mismatch"), e.getMessage());
        }
    }

    @Test
    void aPinnedPublicKeyNeedsNoCa() throws Exception {
        TestCertificates.Issued selfSigned = TestCertificates.builder("CN=nobody trusts me").build();
        SessionConfig pinned = SessionConfig.builder().host(HOST).pubkey(selfSigned.publicKeyDer())
                .verify(Set.of(VerifyMode.PUBKEY)).build();
        try (TlsTestServer server = echoServer(selfSigned);
             TlsTransport transport = connect(pinned, server.port())) {
            assertTrue(transport.isSecure());
        }
        try (TlsTestServer server = echoServer(selfSigned)) {
            SpiceException e = rejected(server, pinned.toBuilder().pubkey(SERVER.publicKeyDer()).build());
            assertTrue(e.getMessage().contains("is not the configured pubkey"), e.getMessage());
        }
    }

    @Test
    void withoutChecksAnyCertificateIsAccepted() throws Exception {
        try (TlsTestServer server = echoServer(SERVER);
             TlsTransport transport = connect(trusting(OTHER_CA).host("elsewhere").verify(Set.of()).build(),
                     server.port())) {
            assertTrue(transport.isSecure());
        }
    }

    /** A plain TCP server that runs {@code script} on the first connection. */
    private interface Script {
        void run(Socket socket) throws IOException, InterruptedException;
    }

    private static ServerSocket plainServer(Script script) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        Thread.ofVirtual().start(() -> {
            try (Socket socket = server.accept()) {
                script.run(socket);
            } catch (IOException | InterruptedException ignored) {
                // The test closed the server, or the client hung up; both end the script.
            }
        });
        return server;
    }

    @Test
    void aServerClosingDuringTheHandshakeIsATruncatedHandshake() throws Exception {
        try (ServerSocket server = plainServer(socket -> socket.getInputStream().read())) {
            SpiceException e = assertThrows(SpiceException.class,
                    () -> connect(trusting(CA).build(), server.getLocalPort()));
            assertEquals(SpiceError.TLS_FAILED, e.error());
            assertTrue(e.getMessage().contains("handshake truncated"), e.getMessage());
        }
    }

    @Test
    void aPlainSpiceServerOnTheTlsPortFailsTheHandshake() throws Exception {
        try (ServerSocket server = plainServer(socket -> {
            socket.getOutputStream().write("REDQ".repeat(10).getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        })) {
            SpiceException e = assertThrows(SpiceException.class,
                    () -> connect(trusting(CA).build(), server.getLocalPort()));
            assertEquals(SpiceError.TLS_FAILED, e.error());
            assertTrue(e.getMessage().contains("handshake failed"), e.getMessage());
        }
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (ServerSocket server = plainServer(socket -> socket.getInputStream().readAllBytes())) {
            long start = System.nanoTime();
            SpiceException e = assertThrows(SpiceException.class,
                    () -> connect(trusting(CA).build(), server.getLocalPort(), Duration.ofMillis(500)));
            long elapsed = System.nanoTime() - start;
            assertEquals(SpiceError.TIMEOUT, e.error(), e.getMessage());
            assertTrue(elapsed < TimeUnit.SECONDS.toNanos(5), "bounded by the handshake limit: " + elapsed);
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReaderAndABlockedWriter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TlsTestServer server = new TlsTestServer(SERVER, List.of(), socket -> release.await())) {
            TlsTransport transport = connect(trusting(CA).build(), server.port());
            CompletableFuture<Throwable> reader = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    transport.readFully(ByteBuffer.allocate(1));
                    reader.complete(null);
                } catch (Throwable t) {
                    reader.complete(t);
                }
            });
            AtomicLong written = new AtomicLong();
            CompletableFuture<Throwable> writer = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
                try {
                    while (true) {
                        transport.writeFully(chunk.clear());
                        written.addAndGet(chunk.capacity());
                    }
                } catch (Throwable t) {
                    writer.complete(t);
                }
            });
            long before;
            do {
                before = written.get();
                Thread.sleep(300);
            } while (written.get() != before);
            assertTrue(before > 0 && !reader.isDone() && !writer.isDone(), "both threads are blocked");

            transport.close();

            assertInstanceOf(IOException.class, reader.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, writer.get(5, TimeUnit.SECONDS));
            transport.close();
        } finally {
            release.countDown();
        }
    }

    @Test
    void handshakeFailuresNameTheirCause() {
        IOException truncated = new IOException("wrapper", new EOFException("peer shut down"));
        assertTrue(TlsTransport.failure(truncated, "h:1").getMessage().contains("handshake truncated"));
        IOException other = new IOException("Received fatal alert: protocol_version");
        assertEquals("TLS with h:1: handshake failed: Received fatal alert: protocol_version",
                TlsTransport.failure(other, "h:1").getMessage());
    }
}
