package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.UnixSocketAccess;
import dev.saffron.spice.spi.UnixSocketStream;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Core's {@link UnixSocketAccess} over libc ({@code socket}, {@code connect}, {@code recvmsg} with
 * {@code SCM_RIGHTS}), for Linux. Found by {@link java.util.ServiceLoader}; needs native access like
 * {@link LibcFileDescriptorAccess}.
 */
public final class LibcUnixSocketAccess implements UnixSocketAccess {
    /** For {@link java.util.ServiceLoader}. */
    public LibcUnixSocketAccess() {
    }

    @Override
    public UnixSocketStream connect(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= Socket.SUN_PATH_SIZE) {
            throw new IOException("unix socket path longer than " + (Socket.SUN_PATH_SIZE - 1) + " bytes: " + path);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(call);
            int fd = Socket.socket(errno, Socket.AF_UNIX, Socket.SOCK_STREAM | Socket.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket: " + StringH.strerror(Libc.errno(errno)));
            }
            MemorySegment address = call.allocate(Socket.SOCKADDR_UN);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) Socket.AF_UNIX);
            MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
            if (Socket.connect(errno, fd, address, (int) Socket.SOCKADDR_UN.byteSize()) < 0) {
                String reason = StringH.strerror(Libc.errno(errno));
                Unistd.close(errno, fd);
                throw new IOException(reason);
            }
            return new LibcUnixSocketStream(fd);
        }
    }
}
