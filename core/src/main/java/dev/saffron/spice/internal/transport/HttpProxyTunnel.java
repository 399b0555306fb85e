package dev.saffron.spice.internal.transport;

import dev.saffron.spice.HttpProxy;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP connection tunnelled through an HTTP proxy with {@code CONNECT}, as spice-gtk opens it when the
 * session has a proxy. The target host goes to the proxy as written, unresolved: Proxmox, for one, sends
 * an opaque name that only its proxy understands.
 */
public final class HttpProxyTunnel {
    /** A reply header block longer than this is not a proxy's answer to CONNECT. */
    static final int MAX_REPLY_BYTES = 16 * 1024;
    /** How much of the proxy's reason phrase goes into an error message. */
    static final int MAX_REASON_CHARS = 80;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: (.*))?");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%.+)?");

    private HttpProxyTunnel() {
    }

    /**
     * Connects to the proxy and asks it for a tunnel to {@code host:port}.
     *
     * @param timeout the limit for connecting and for the proxy's answer
     * @return the tunnel, ready for the SPICE link (or a TLS handshake)
     * @throws SpiceException with {@link SpiceError#CONNECT_FAILED} when the proxy cannot be reached,
     *                        {@link SpiceError#PROXY_AUTH_FAILED} for status 407 (or 401, as tinyproxy sends),
     *                        {@link SpiceError#PROXY_REFUSED} for other refusals, {@link SpiceError#PROTOCOL}
     *                        for a reply that is not HTTP or ends early, {@link SpiceError#TIMEOUT}
     */
    public static SocketTransport open(HttpProxy proxy, String host, int port, Duration timeout)
            throws SpiceException {
        if (!proxy.scheme().equals("http")) {
            throw new SpiceException(SpiceError.CONNECT_FAILED, "proxy " + proxy + ": only http:// proxies are "
                    + "supported, not " + proxy.scheme() + "://");
        }
        long start = System.nanoTime();
        SocketTransport socket;
        try {
            socket = SocketTransport.connectTcp(proxy.host(), proxy.port(), timeout);
        } catch (SpiceException e) {
            throw new SpiceException(e.error(), "HTTP proxy " + proxy + ": " + e.getMessage(), e);
        }
        String target = authority(host, port);
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = Watchdog.arm(left.isNegative() ? Duration.ZERO : left, () -> {
            expired.set(true);
            socket.close();
        });
        try {
            socket.writeFully(ByteBuffer.wrap(request(proxy, target).getBytes(StandardCharsets.ISO_8859_1)));
            checkStatus(readReplyHead(socket, proxy), proxy, target);
            return socket.describedAs(target + " via proxy " + proxy.host() + ":" + proxy.port());
        } catch (IOException e) {
            socket.close();
            if (expired.get()) {
                throw new SpiceException(SpiceError.TIMEOUT, "HTTP proxy " + proxy + " did not open the tunnel to "
                        + target + " within " + timeout.toMillis() + " ms", e);
            }
            if (e instanceof SpiceException spice) {
                throw spice;
            }
            throw new SpiceException(SpiceError.IO, "HTTP proxy " + proxy + ": " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** @return {@code host:port}, with an IPv6 literal in brackets and every other name untouched */
    static String authority(String host, int port) {
        boolean bare = !host.startsWith("[") && IPV6_LITERAL.matcher(host).matches();
        return (bare ? "[" + host + "]" : host) + ":" + port;
    }

    static String request(HttpProxy proxy, String target) {
        StringBuilder request = new StringBuilder()
                .append("CONNECT ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target).append("\r\n");
        if (proxy.username().isPresent() || proxy.password().isPresent()) {
            String pair = proxy.username().orElse("") + ":" + proxy.password().orElse("");
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /**
     * Reads the reply up to its blank line one byte at a time, so that not a byte of what the server
     * sends through the tunnel afterwards is taken.
     */
    static String readReplyHead(Transport socket, HttpProxy proxy) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString().endsWith("\r\n\r\n") && !head.toString().endsWith("\n\n")) {
            if (head.length() >= MAX_REPLY_BYTES) {
                throw new SpiceException(SpiceError.PROTOCOL, "HTTP proxy " + proxy + " sent a reply of more than "
                        + MAX_REPLY_BYTES + " bytes without ending its headers");
            }
            one.clear();
            try {
                socket.readFully(one);
            } catch (EOFException e) {
                throw new SpiceException(SpiceError.PROTOCOL, "HTTP proxy " + proxy + " closed the connection "
                        + (head.isEmpty() ? "without answering" : "in the middle of its reply") + " to CONNECT", e);
            }
            head.append((char) (one.get(0) & 0xFF));
        }
        return head.toString();
    }

    static void checkStatus(String head, HttpProxy proxy, String target) throws SpiceException {
        String statusLine = head.lines().findFirst().orElse("");
        Matcher matcher = STATUS_LINE.matcher(statusLine);
        if (!matcher.matches()) {
            throw new SpiceException(SpiceError.PROTOCOL, "HTTP proxy " + proxy + " did not answer CONNECT with "
                    + "an HTTP status line");
        }
        int status = Integer.parseInt(matcher.group(1));
        if (status >= 200 && status < 300) {
            return;
        }
        String said = status + (matcher.group(2) == null ? "" : " " + printable(matcher.group(2)));
        boolean credentials = proxy.username().isPresent() || proxy.password().isPresent();
        throw switch (status) {
            case 401, 407 -> new SpiceException(SpiceError.PROXY_AUTH_FAILED, "HTTP proxy " + proxy
                    + (credentials ? " rejected the credentials (" : " requires credentials, none given (")
                    + said + ")");
            case 403 -> new SpiceException(SpiceError.PROXY_REFUSED, "HTTP proxy " + proxy + " forbids a tunnel to "
                    + target + " (" + said + ")");
            case 500, 502, 503, 504 -> new SpiceException(SpiceError.PROXY_REFUSED, "HTTP proxy " + proxy
                    + " could not reach " + target + " (" + said + ")");
            default -> new SpiceException(SpiceError.PROXY_REFUSED, "HTTP proxy " + proxy + " refused the tunnel to "
                    + target + " (" + said + ")");
        };
    }

    /** The reason phrase is the proxy's text: printable ASCII only, and not too much of it. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_REASON_CHARS; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
