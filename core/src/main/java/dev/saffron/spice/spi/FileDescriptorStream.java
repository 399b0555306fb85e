package dev.saffron.spice.spi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A byte stream over a file descriptor, made by {@link FileDescriptorAccess}. One thread may read while
 * another writes; {@link #close()} may come from any thread and makes both give up.
 */
public interface FileDescriptorStream extends Closeable {
    /**
     * Waits until at least one byte arrives, then reads as many as are there and fit.
     *
     * @param destination receives the bytes from its position on
     * @return the number of bytes read, or -1 at end of stream
     * @throws IOException if the descriptor fails or the stream was closed
     */
    int read(ByteBuffer destination) throws IOException;

    /**
     * Waits until the descriptor takes bytes, then writes as many of {@code source}'s remaining bytes as it
     * takes, at least one.
     *
     * @return the number of bytes written
     * @throws IOException if the descriptor fails or the stream was closed
     */
    int write(ByteBuffer source) throws IOException;

    /** @return the descriptor's number, for messages */
    int fd();

    /** Closes the descriptor once no read or write uses it any more; idempotent, never throws. */
    @Override
    void close();
}
