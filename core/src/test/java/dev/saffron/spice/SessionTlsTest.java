package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.testing.TestCertificates;
import dev.saffron.spice.testing.TlsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which port and transport each channel uses, and how TLS failures surface, against loopback stand-ins for
 * the server that answer every link with a link error. Real TLS sessions are tested against QEMU.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionTlsTest {
    private static final String HOST = "127.0.0.1";
    private static final int NEED_SECURED = 5;
    private static final int NEED_UNSECURED = 6;
    private static final int LINK_HEADER_SIZE = 16;
    private static final int LINK_REPLY_SIZE = 178;
    private static final TestCertificates.Issued CA = TestCertificates.authority("CN=Saffron session test CA");
    private static final TestCertificates.Issued SERVER = TestCertificates.builder("CN=saffron-server")
            .ipAddress(HOST).issuedBy(CA).build();

    /** A link header and a SpiceLinkReply carrying only an error, as spice-server sends one. */
    private static byte[] linkError(int code) {
        return new Bytes().u32(0x51444552L).u32(2).u32(2).u32(LINK_REPLY_SIZE)
                .u32(code).raw(new byte[LINK_REPLY_SIZE - 4]).bytes();
    }

    /** Reads one link message (header and body) and returns its bytes. */
    private static byte[] readLinkMessage(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[LINK_HEADER_SIZE];
        data.readFully(header);
        int size = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        if (size < 0 || size > 4096) {
            throw new IOException("link message of " + size + " bytes");
        }
        byte[] body = new byte[size];
        data.readFully(body);
        return ByteBuffer.allocate(header.length + size).put(header).put(body).array();
    }

    /**
     * A plain server that answers every link with {@code error}, then records the bytes the client sends
     * after the link message until it hangs up.
     */
    private static final class PlainLinkRefuser implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 4, InetAddress.getByName(HOST));
        final AtomicInteger accepted = new AtomicInteger();
        final BlockingQueue<byte[]> afterLinkMessage = new LinkedBlockingQueue<>();

        PlainLinkRefuser(int error) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        accepted.incrementAndGet();
                        Thread.ofVirtual().start(() -> refuse(socket, error));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void refuse(Socket socket, int error) {
            try (socket) {
                readLinkMessage(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(linkError(error));
                out.flush();
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                socket.getInputStream().transferTo(rest);
                afterLinkMessage.add(rest.toByteArray());
            } catch (IOException e) {
                afterLinkMessage.add(("failed: " + e).getBytes(StandardCharsets.UTF_8));
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A TLS server that answers every link with {@code error}. */
    private static TlsTestServer tlsLinkRefuser(int error) throws Exception {
        return new TlsTestServer(SERVER, List.of(), socket -> {
            readLinkMessage(socket.getInputStream());
            socket.getOutputStream().write(linkError(error));
            socket.getOutputStream().flush();
            socket.getInputStream().readAllBytes();
        });
    }

    private static SessionConfig.Builder config() {
        return SessionConfig.builder().host(HOST).password("s3cret-ticket").connectTimeout(Duration.ofSeconds(5))
                .ca(CA.certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    /** Connects, expecting failure, and returns the error with the main channel's terminal event. */
    private record Failure(SpiceException error, ChannelEvent event) {
    }

    private static Failure fail(SessionConfig config) throws Exception {
        SpiceSession session = new SpiceSession(config);
        CompletableFuture<ChannelEvent> event = new CompletableFuture<>();
        session.addListener(new SessionListener() {
            @Override
            public void channelEvent(SpiceChannel channel, ChannelEvent channelEvent, SpiceException error) {
                if (channelEvent.isTerminal()) {
                    event.complete(channelEvent);
                }
            }
        });
        SpiceException error = assertThrows(SpiceException.class, session::connect);
        assertTrue(session.awaitClosed(Duration.ofSeconds(10)));
        assertTrue(!error.getMessage().contains("s3cret"), error.getMessage());
        return new Failure(error, event.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aRejectedCertificateEndsTheChannelWithErrorTls() throws Exception {
        TestCertificates.Issued otherCa = TestCertificates.authority("CN=not the server's CA");
        try (TlsTestServer server = tlsLinkRefuser(NEED_UNSECURED)) {
            Failure failure = fail(config().tlsPort(server.port())
                    .ca(otherCa.certificatePem().getBytes(StandardCharsets.US_ASCII)).build());

            assertEquals(SpiceError.TLS_FAILED, failure.error.error());
            assertEquals(ChannelEvent.ERROR_TLS, failure.event);
            assertTrue(failure.error.getMessage().contains("untrusted"), failure.error.getMessage());
            assertEquals(0, server.handshakes());
        }
    }

    @Test
    void needSecuredSwitchesToTheTlsPortOnceAndTheTicketNeverTravelsInPlainText() throws Exception {
        try (PlainLinkRefuser plain = new PlainLinkRefuser(NEED_SECURED);
             TlsTestServer tls = tlsLinkRefuser(NEED_SECURED)) {
            Failure failure = fail(config().port(plain.port()).tlsPort(tls.port()).build());

            assertEquals(SpiceError.LINK_NEED_SECURED, failure.error.error(), failure.error.getMessage());
            assertEquals(ChannelEvent.ERROR_LINK, failure.event);
            assertEquals(1, plain.accepted.get(), "one plain attempt");
            assertEquals(1, tls.handshakes(), "one TLS attempt, not a loop");
            assertEquals(0, plain.afterLinkMessage.poll(10, TimeUnit.SECONDS).length,
                    "nothing but the link message went over plain text");
        }
    }

    @Test
    void needSecuredWithoutATlsPortIsAConnectError() throws Exception {
        try (PlainLinkRefuser plain = new PlainLinkRefuser(NEED_SECURED)) {
            Failure failure = fail(config().port(plain.port()).build());

            assertEquals(SpiceError.CONNECT_FAILED, failure.error.error());
            assertEquals(ChannelEvent.ERROR_CONNECT, failure.event);
            assertTrue(failure.error.getMessage().contains("must use TLS, but no tls-port"),
                    failure.error.getMessage());
            assertEquals(1, plain.accepted.get());
        }
    }

    @Test
    void aSecureChannelGoesStraightToTheTlsPort() throws Exception {
        try (PlainLinkRefuser plain = new PlainLinkRefuser(NEED_SECURED);
             TlsTestServer tls = tlsLinkRefuser(NEED_UNSECURED)) {
            Failure failure = fail(config().port(plain.port()).tlsPort(tls.port())
                    .secureChannelNames(List.of("main")).build());

            assertEquals(SpiceError.LINK_NEED_UNSECURED, failure.error.error(), failure.error.getMessage());
            assertEquals(0, plain.accepted.get());
            assertEquals(1, tls.handshakes());
        }
    }

    @Test
    void withoutAPlainPortTheTlsPortIsUsed() throws Exception {
        try (TlsTestServer tls = tlsLinkRefuser(NEED_UNSECURED)) {
            Failure failure = fail(config().tlsPort(tls.port()).build());

            assertEquals(SpiceError.LINK_NEED_UNSECURED, failure.error.error(), failure.error.getMessage());
            assertEquals(1, tls.handshakes());
        }
    }

    @Test
    void aSecureChannelCannotUseAUnixSocket() throws Exception {
        Failure failure = fail(config().unixPath("/nonexistent/spice.sock").secureChannels(Set.of(ChannelType.MAIN))
                .build());

        assertEquals(SpiceError.CONNECT_FAILED, failure.error.error());
        assertEquals(ChannelEvent.ERROR_CONNECT, failure.event);
        assertTrue(failure.error.getMessage().contains("Unix socket"), failure.error.getMessage());
    }
}
