package dev.saffron.spice.internal.transport;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/** A blocking {@link SocketChannel} to a TCP or unix-socket SPICE server. */
public final class SocketTransport implements Transport {
    private final SocketChannel channel;
    private final String peer;
    /** The socket's count of arrived bytes (FIONREAD), for TCP; unix-domain channels have no socket view. */
    private final InputStream arrived;

    private SocketTransport(SocketChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
        this.arrived = arrivedCounter(channel);
    }

    private static InputStream arrivedCounter(SocketChannel channel) {
        try {
            return channel.socket().getInputStream();
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    /**
     * Connects over TCP, trying each address the host name resolves to until one answers.
     *
     * @param timeout the limit for the whole attempt, name resolution excluded
     */
    public static SocketTransport connectTcp(String host, int port, Duration timeout) throws SpiceException {
        String peer = formatPeer(host, port);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new SpiceException(SpiceError.CONNECT_FAILED, "cannot resolve host " + host, e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        for (InetAddress address : addresses) {
            long left = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.socket().connect(new InetSocketAddress(address, port), (int) Math.min(left, Integer.MAX_VALUE));
                return new SocketTransport(channel, peer);
            } catch (SocketTimeoutException e) {
                closeQuietly(channel);
                throw new SpiceException(SpiceError.TIMEOUT,
                        "no answer from " + peer + " within " + timeout.toMillis() + " ms", e);
            } catch (IOException e) {
                closeQuietly(channel);
                last = e;
            }
        }
        throw new SpiceException(SpiceError.CONNECT_FAILED, "cannot connect to " + peer + ": "
                + (last == null ? "no address" : last.getMessage()), last);
    }

    /** Connects to a unix-domain socket. */
    public static SocketTransport connectUnix(Path path) throws SpiceException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            return new SocketTransport(channel, path.toString());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SpiceException(SpiceError.CONNECT_FAILED, "cannot connect to unix socket " + path + ": "
                    + e.getMessage(), e);
        }
    }

    private static String formatPeer(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more can be done for a socket that failed to open.
            }
        }
    }

    @Override
    public boolean hasArrivedInput() {
        try {
            return arrived != null && arrived.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void readFully(ByteBuffer destination) throws IOException {
        while (destination.hasRemaining()) {
            if (channel.read(destination) < 0) {
                throw new EOFException("connection closed by " + peer);
            }
        }
    }

    @Override
    public void writeFully(ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            channel.write(source);
        }
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    /** @return this connection, described in log lines and errors as {@code description} from now on */
    SocketTransport describedAs(String description) {
        return new SocketTransport(channel, description);
    }

    /** @return the connected channel, for a layer such as TLS that takes the stream over */
    SocketChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
