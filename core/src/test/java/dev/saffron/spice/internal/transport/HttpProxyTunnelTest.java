package dev.saffron.spice.internal.transport;

import dev.saffron.spice.HttpProxy;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CONNECT request and every kind of proxy answer, against a scripted proxy on a loopback socket. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpProxyTunnelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The host form Proxmox puts in its .vv files: only its own proxy knows what it means. */
    private static final String OPAQUE_HOST = "pvespiceproxy:65a1b2c3:100:pve1::4f2d8e";

    private final ServerSocket listener;
    private final CompletableFuture<String> request = new CompletableFuture<>();

    HttpProxyTunnelTest() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    /** Accepts one connection, records the request head, answers {@code reply}, then closes if asked. */
    private void serve(byte[] reply, boolean closeAfter) {
        Thread.ofVirtual().start(() -> {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                request.complete(head.toString(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().write(reply);
                socket.getOutputStream().flush();
                if (!closeAfter) {
                    in.read();
                }
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
    }

    private HttpProxy proxy(String credentials) {
        return HttpProxy.parse("http://" + credentials + "127.0.0.1:" + listener.getLocalPort());
    }

    private SpiceException refusal(String reply) {
        serve(reply.getBytes(StandardCharsets.ISO_8859_1), true);
        return assertThrows(SpiceException.class, () -> HttpProxyTunnel.open(proxy(""), "server", 5900, TIMEOUT));
    }

    @Test
    void sendsTheOpaqueHostUnresolvedWithBasicAuthAndKeepsEveryByteAfterTheReply() throws Exception {
        serve("HTTP/1.1 200 Connection established\r\nVia: test\r\n\r\nREDQ".getBytes(StandardCharsets.US_ASCII),
                false);
        try (SocketTransport tunnel = HttpProxyTunnel.open(proxy("bob:pa:ss@"), OPAQUE_HOST, 61000, TIMEOUT)) {
            ByteBuffer first = ByteBuffer.allocate(4);
            tunnel.readFully(first);
            assertEquals("REDQ", new String(first.array(), StandardCharsets.US_ASCII));
            assertTrue(tunnel.peer().contains(OPAQUE_HOST), tunnel.peer());
        }
        String head = request.get(5, TimeUnit.SECONDS);
        String basic = Base64.getEncoder().encodeToString("bob:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertEquals("CONNECT " + OPAQUE_HOST + ":61000 HTTP/1.1\r\nHost: " + OPAQUE_HOST + ":61000\r\n"
                + "Proxy-Authorization: Basic " + basic + "\r\n\r\n", head);
    }

    @Test
    void ipv6LiteralsAreBracketedAndNamesAreNot() {
        assertEquals("[::1]:5900", HttpProxyTunnel.authority("::1", 5900));
        assertEquals("[fe80::1%eth0]:5900", HttpProxyTunnel.authority("fe80::1%eth0", 5900));
        assertEquals("[::1]:5900", HttpProxyTunnel.authority("[::1]", 5900));
        assertEquals("spice.example:5900", HttpProxyTunnel.authority("spice.example", 5900));
        assertEquals(OPAQUE_HOST + ":1", HttpProxyTunnel.authority(OPAQUE_HOST, 1));
    }

    @Test
    void status407WithoutCredentialsSaysNoneWereGiven() {
        SpiceException e = refusal("HTTP/1.0 407 Proxy Authentication Required\r\n\r\n");
        assertEquals(SpiceError.PROXY_AUTH_FAILED, e.error());
        assertTrue(e.getMessage().contains("none given") && e.getMessage().contains("407"), e.getMessage());
    }

    @Test
    void status403IsARefusalNamingTheTargetAndStatus() {
        SpiceException forbidden = refusal("HTTP/1.1 403 Forbidden\r\n\r\n");
        assertEquals(SpiceError.PROXY_REFUSED, forbidden.error());
        assertTrue(forbidden.getMessage().contains("forbids") && forbidden.getMessage().contains("server:5900")
                && forbidden.getMessage().contains("403 Forbidden"), forbidden.getMessage());
    }

    @Test
    void status502SaysTheProxyCouldNotReachTheTarget() {
        SpiceException e = refusal("HTTP/1.1 502 Bad Gateway\r\n\r\n");
        assertEquals(SpiceError.PROXY_REFUSED, e.error());
        assertTrue(e.getMessage().contains("could not reach server:5900 (502 Bad Gateway)"), e.getMessage());
    }

    @Test
    void truncatedReplyIsAProtocolError() {
        SpiceException e = refusal("HTTP/1.1 200 Conn");
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("middle of its reply"), e.getMessage());
    }

    @Test
    void silentCloseIsAProtocolError() {
        SpiceException e = refusal("");
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("without answering"), e.getMessage());
    }

    @Test
    void somethingOtherThanHttpIsAProtocolError() {
        SpiceException e = refusal("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void endlessHeadersStopAtTheLimit() {
        SpiceException e = refusal("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(HttpProxyTunnel.MAX_REPLY_BYTES));
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("without ending its headers"), e.getMessage());
    }

    @Test
    void controlCharactersInTheReasonAreNotEchoed() {
        SpiceException e = refusal("HTTP/1.1 500 bad\u001b[31m\r\n\r\n");
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    }

    @Test
    void aSilentProxyTimesOut() {
        serve(new byte[0], false);
        SpiceException e = assertThrows(SpiceException.class,
                () -> HttpProxyTunnel.open(proxy(""), "server", 5900, Duration.ofMillis(300)));
        assertEquals(SpiceError.TIMEOUT, e.error(), e.getMessage());
    }

    @Test
    void httpsProxiesAreRefusedBeforeConnecting() {
        SpiceException e = assertThrows(SpiceException.class, () -> HttpProxyTunnel.open(
                HttpProxy.parse("https://127.0.0.1:" + listener.getLocalPort()), "server", 5900, TIMEOUT));
        assertEquals(SpiceError.CONNECT_FAILED, e.error());
        assertTrue(e.getMessage().contains("https"), e.getMessage());
    }
}
