package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.MappedDescriptor;
import dev.saffron.spice.spi.PassedDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/** A descriptor received with {@code SCM_RIGHTS} or duplicated from one; closes it once. */
final class LibcPassedDescriptor implements PassedDescriptor {
    private static final int F_DUPFD_CLOEXEC = 1030;

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    LibcPassedDescriptor(int fd) {
        this.fd = fd;
    }

    @Override
    public int fd() {
        if (closed.get()) {
            throw new IllegalStateException("file descriptor " + fd + " was closed");
        }
        return fd;
    }

    @Override
    public PassedDescriptor duplicate() throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(call);
            int copy = Fcntl.fcntl(errno, fd(), F_DUPFD_CLOEXEC, 0);
            if (copy < 0) {
                throw new IOException("cannot duplicate file descriptor " + fd + ": "
                        + StringH.strerror(Libc.errno(errno)));
            }
            return new LibcPassedDescriptor(copy);
        }
    }

    @Override
    public long size() throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(call);
            long end = Mman.lseek(errno, fd(), 0, Mman.SEEK_END);
            if (end < 0) {
                throw new IOException("file descriptor " + fd + " has no size: " + StringH.strerror(Libc.errno(errno)));
            }
            return end;
        }
    }

    @Override
    public MappedDescriptor mapReadOnly(long length) throws IOException {
        return LibcMappedDescriptor.map(this, length);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try (Arena call = Arena.ofConfined()) {
                Unistd.close(Libc.errnoSegment(call), fd);
            }
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + (closed.get() ? " (closed)" : "");
    }
}
