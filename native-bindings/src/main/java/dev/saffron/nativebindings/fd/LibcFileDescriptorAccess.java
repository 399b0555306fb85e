package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.FileDescriptorAccess;
import dev.saffron.spice.spi.FileDescriptorStream;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Core's {@link FileDescriptorAccess} over libc ({@code fcntl}, {@code poll}, {@code read}, {@code write},
 * {@code close}), for Linux. Found by {@link java.util.ServiceLoader}; needs native access
 * ({@code --enable-native-access=dev.saffron.nativebindings}, or {@code ALL-UNNAMED} on the class path).
 */
public final class LibcFileDescriptorAccess implements FileDescriptorAccess {
    /** For {@link java.util.ServiceLoader}. */
    public LibcFileDescriptorAccess() {
    }

    @Override
    public FileDescriptorStream open(int fd) throws IOException {
        if (fd < 0) {
            throw new IOException("not a file descriptor: " + fd);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int flags = Fcntl.fcntl(errno, fd, Fcntl.F_GETFL);
            if (flags < 0) {
                throw new IOException("file descriptor " + fd + ": " + StringH.strerror(Libc.errno(errno)));
            }
            if ((flags & Fcntl.O_NONBLOCK) == 0
                    && Fcntl.fcntl(errno, fd, Fcntl.F_SETFL, flags | Fcntl.O_NONBLOCK) < 0) {
                throw new IOException("file descriptor " + fd + " cannot be made non-blocking: "
                        + StringH.strerror(Libc.errno(errno)));
            }
        }
        return new LibcFileDescriptorStream(fd);
    }
}
