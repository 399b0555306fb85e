package dev.saffron.spice.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * A connected unix-domain stream socket made by {@link UnixSocketAccess}. Ordinary reads never hand out
 * descriptors: one that arrives with their bytes is closed at once, since no message announced it.
 */
public interface UnixSocketStream extends FileDescriptorStream {
    /**
     * Reads exactly one byte, the marker a SPICE server sends after a message that passes a descriptor, and
     * takes the descriptor that came with it.
     *
     * @return the descriptor, owned by the caller from now on, or empty when the byte came without one (any
     *         further descriptors with the same byte are closed)
     * @throws java.io.EOFException if the stream ends first
     * @throws IOException          if the socket fails or the stream was closed
     */
    Optional<PassedDescriptor> receiveDescriptor() throws IOException;
}
