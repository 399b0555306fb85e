package dev.saffron.spice.spi;

import java.io.IOException;

/**
 * Access to file descriptors the application hands over, which the JDK cannot wrap: used by
 * {@link dev.saffron.spice.SpiceSession#openFd(int)} and the session's open-fd handler. Core has no
 * implementation of its own; the {@code saffron-native-bindings} module provides one over libc, found
 * through {@link java.util.ServiceLoader}. Without it, everything except opening on a descriptor works.
 */
public interface FileDescriptorAccess {
    /**
     * Takes over {@code fd}, a connected stream socket (or a pipe pair's end that carries both directions),
     * and makes it non-blocking. From now on the returned stream owns it and closes it.
     *
     * @param fd an open file descriptor of this process
     * @return the stream over it
     * @throws IOException if {@code fd} is not an open descriptor or cannot be switched to non-blocking
     */
    FileDescriptorStream open(int fd) throws IOException;
}
