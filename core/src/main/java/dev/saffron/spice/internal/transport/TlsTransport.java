package dev.saffron.spice.internal.transport;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.tls.TlsClientContext;

import javax.net.ssl.SSLSocket;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TLS over a connected {@link SocketTransport}, through JSSE's {@link SSLSocket}. The handshake, with the
 * certificate checks, completes inside {@link #handshake} before the caller can write a byte, so no link data
 * ever reaches a server that failed them.
 *
 * <p>JSSE lets one thread read while another writes. {@link #close()} closes the TCP socket underneath
 * first, which wakes both at once; only then is the TLS layer closed, so that closing never waits behind a
 * writer stuck on a peer that does not read.
 */
public final class TlsTransport implements Transport {
    private static final int CHUNK = 16 * 1024;
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int EXPIRED = 2;

    private final SocketTransport plain;
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] readChunk = new byte[CHUNK];
    private final byte[] writeChunk = new byte[CHUNK];

    private TlsTransport(SocketTransport plain, SSLSocket socket) throws IOException {
        this.plain = plain;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Runs the TLS handshake over {@code plain}, which this transport owns from now on (it is closed when
     * the handshake fails).
     *
     * @param host    the host as configured, for SNI
     * @param port    the TLS port
     * @param timeout the limit for the whole handshake
     * @throws SpiceException with {@link SpiceError#TLS_FAILED} saying why the handshake or the certificate
     *                        checks failed, or {@link SpiceError#TIMEOUT}
     */
    public static TlsTransport handshake(SocketTransport plain, TlsClientContext context, String host, int port,
                                         Duration timeout) throws SpiceException {
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> watchdog = Watchdog.arm(timeout, () -> {
            if (state.compareAndSet(RUNNING, EXPIRED)) {
                plain.close();
            }
        });
        try {
            SSLSocket socket = context.layer(plain.channel().socket(), host, port);
            socket.startHandshake();
            if (!state.compareAndSet(RUNNING, FINISHED)) {
                throw new EOFException("closed by the watchdog");
            }
            return new TlsTransport(plain, socket);
        } catch (IOException e) {
            plain.close();
            if (state.get() == EXPIRED) {
                throw new SpiceException(SpiceError.TIMEOUT, "the TLS handshake with " + plain.peer()
                        + " did not finish within " + timeout.toMillis() + " ms", e);
            }
            throw failure(e, plain.peer());
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Says in words why a handshake failed; a certificate check's own message comes first. */
    static SpiceException failure(IOException e, String peer) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException rejected) {
                return new SpiceException(SpiceError.TLS_FAILED, "TLS with " + peer + ": certificate rejected: "
                        + rejected.getMessage(), e);
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException) {
                return new SpiceException(SpiceError.TLS_FAILED, "TLS with " + peer + ": handshake truncated: the "
                        + "server closed the connection during the handshake", e);
            }
        }
        return new SpiceException(SpiceError.TLS_FAILED, "TLS with " + peer + ": handshake failed: " + e.getMessage(),
                e);
    }

    /** Counts only what TLS has already decrypted: no system call, so it can be asked after every message. */
    @Override
    public boolean hasArrivedInput() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void readFully(ByteBuffer destination) throws IOException {
        while (destination.hasRemaining()) {
            int count;
            if (destination.hasArray()) {
                count = in.read(destination.array(), destination.arrayOffset() + destination.position(),
                        destination.remaining());
                if (count > 0) {
                    destination.position(destination.position() + count);
                }
            } else {
                count = in.read(readChunk, 0, Math.min(CHUNK, destination.remaining()));
                if (count > 0) {
                    destination.put(readChunk, 0, count);
                }
            }
            if (count < 0) {
                throw new EOFException("connection closed by " + plain.peer());
            }
        }
    }

    @Override
    public void writeFully(ByteBuffer source) throws IOException {
        if (source.hasArray()) {
            out.write(source.array(), source.arrayOffset() + source.position(), source.remaining());
            source.position(source.limit());
        } else {
            while (source.hasRemaining()) {
                int count = Math.min(CHUNK, source.remaining());
                source.get(writeChunk, 0, count);
                out.write(writeChunk, 0, count);
            }
        }
        out.flush();
    }

    @Override
    public String peer() {
        return plain.peer();
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public void close() {
        plain.close();
        try {
            socket.close();
        } catch (IOException ignored) {
            // The TCP socket is already closed; the TLS layer has nothing left to release.
        }
    }
}
