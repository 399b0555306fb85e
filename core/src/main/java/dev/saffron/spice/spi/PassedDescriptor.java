package dev.saffron.spice.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file descriptor another process passed over a unix socket (a dma-buf or a memfd holding a GL scanout), with
 * exactly one owner: whoever received or duplicated it closes it, once.
 */
public interface PassedDescriptor extends Closeable {
    /**
     * @return the descriptor's number, valid until {@link #close()}
     * @throws IllegalStateException if it is closed
     */
    int fd();

    /**
     * @return a new descriptor for the same open file (close-on-exec), owned by the caller
     * @throws IOException if the process has no descriptor left or this one is closed
     */
    PassedDescriptor duplicate() throws IOException;

    /**
     * @return the size of the file behind it in bytes ({@code lseek} to its end: memfds and dma-bufs answer)
     * @throws IOException if it has no size, as a pipe or a socket has none
     */
    long size() throws IOException;

    /**
     * Maps the first {@code length} bytes for reading; the caller has checked {@link #size()} first, since
     * reading a mapping past the file's end kills the process.
     *
     * @return the mapping, owned by the caller; it stays valid after this descriptor is closed
     * @throws IOException if the file cannot be mapped (a tiled buffer, or not a file at all)
     */
    MappedDescriptor mapReadOnly(long length) throws IOException;

    /** Closes the descriptor; idempotent, never throws. */
    @Override
    void close();
}
