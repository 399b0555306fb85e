package dev.saffron.spice.internal.transport;

import dev.saffron.spice.spi.PassedDescriptor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A byte stream to a SPICE server: plain TCP, a unix socket, TLS, and later a proxy tunnel. One reader
 * thread and one writer thread may use it at the same time; {@link #close()} may be called from any thread
 * and wakes both.
 */
public interface Transport extends Closeable {
    /**
     * Fills {@code destination} completely.
     *
     * @throws java.io.EOFException if the peer closes the stream first
     */
    void readFully(ByteBuffer destination) throws IOException;

    /** Writes all remaining bytes of {@code source}. */
    void writeFully(ByteBuffer source) throws IOException;

    /** @return a short description of the peer for log lines, such as {@code 127.0.0.1:5900} */
    String peer();

    /** @return whether the stream is encrypted and the server's certificate passed the session's checks */
    boolean isSecure();

    /**
     * @return whether bytes have arrived that a read would return without waiting; false when that cannot be
     *         told cheaply (a read may then still return at once)
     */
    default boolean hasArrivedInput() {
        return false;
    }

    /**
     * @return whether {@link #receiveDescriptor()} works: a unix socket read through libc, not the JDK
     */
    default boolean receivesDescriptors() {
        return false;
    }

    /**
     * Reads the one-byte marker a server sends after a message that passes a descriptor, and takes the
     * descriptor that came with it (protocol reference §4.9).
     *
     * @return the descriptor, owned by the caller, or empty when the marker came without one
     * @throws IOException if this transport cannot receive descriptors, or the stream fails
     */
    default Optional<PassedDescriptor> receiveDescriptor() throws IOException {
        throw new IOException(peer() + " cannot receive file descriptors");
    }

    /** Closes the stream; idempotent, never throws. */
    @Override
    void close();
}
