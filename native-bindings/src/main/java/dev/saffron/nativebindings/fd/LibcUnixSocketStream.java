package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.PassedDescriptor;
import dev.saffron.spice.spi.UnixSocketStream;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A blocking unix stream socket read with {@code recvmsg}, so that descriptors the server passes are never
 * lost: every read asks for ancillary data, and descriptors that come with ordinary bytes are closed at once.
 * The channel's reader and writer are platform threads (see core's {@code ChannelEngine#start}), so blocking
 * in native code pins nothing. {@link #close()} shuts the socket down first, which wakes a blocked call, then
 * waits for calls in flight (the write side of a lock every call holds the read side of) before closing the
 * descriptor, so its number is never released while a call might still use it.
 */
final class LibcUnixSocketStream implements UnixSocketStream {
    private static final System.Logger LOG = System.getLogger(LibcUnixSocketStream.class.getName());
    private static final int CHUNK = 64 * 1024;

    private final int fd;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Owns the native memory of both directions; {@link #close()} frees it once no call is in flight. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment inBuffer;
    private final MemorySegment inControl;
    private final MemorySegment inMessage;
    private final MemorySegment inIovec;
    private final MemorySegment inErrno;
    private final MemorySegment outBuffer;
    private final MemorySegment outErrno;

    LibcUnixSocketStream(int fd) {
        this.fd = fd;
        inBuffer = arena.allocate(CHUNK);
        inControl = arena.allocate(ControlMessages.SPACE, 8);
        inMessage = arena.allocate(Socket.MSGHDR);
        inIovec = arena.allocate(Socket.IOVEC);
        inErrno = Libc.errnoSegment(arena);
        outBuffer = arena.allocate(CHUNK);
        outErrno = Libc.errnoSegment(arena);
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        if (!destination.hasRemaining()) {
            return 0;
        }
        lock.readLock().lock();
        try {
            int wanted = Math.min(CHUNK, destination.remaining());
            long count = receive(wanted);
            if (count == 0) {
                return -1;
            }
            closeAll(ControlMessages.descriptors(inControl, controlLength()), "ordinary bytes");
            MemorySegment.copy(inBuffer, 0, MemorySegment.ofBuffer(destination), 0, count);
            destination.position(destination.position() + (int) count);
            return (int) count;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<PassedDescriptor> receiveDescriptor() throws IOException {
        lock.readLock().lock();
        try {
            if (receive(1) == 0) {
                throw new EOFException("unix socket " + fd + " ended before a passed descriptor");
            }
            List<Integer> fds = ControlMessages.descriptors(inControl, controlLength());
            if (fds.isEmpty()) {
                return Optional.empty();
            }
            closeAll(fds.subList(1, fds.size()), "the first passed descriptor");
            return Optional.of(new LibcPassedDescriptor(fds.getFirst()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One {@code recvmsg} of up to {@code wanted} bytes into the input buffer, retried on EINTR. */
    private long receive(int wanted) throws IOException {
        while (true) {
            if (closed.get()) {
                throw new IOException("unix socket " + fd + " was closed");
            }
            Socket.IOV_BASE.set(inIovec, 0L, inBuffer);
            Socket.IOV_LEN.set(inIovec, 0L, (long) wanted);
            inMessage.fill((byte) 0);
            Socket.MSG_IOV.set(inMessage, 0L, inIovec);
            Socket.MSG_IOVLEN.set(inMessage, 0L, 1L);
            Socket.MSG_CONTROL.set(inMessage, 0L, inControl);
            Socket.MSG_CONTROLLEN.set(inMessage, 0L, inControl.byteSize());
            long count = Socket.recvmsg(inErrno, fd, inMessage, Socket.MSG_CMSG_CLOEXEC);
            if (count >= 0) {
                if (((int) Socket.MSG_FLAGS.get(inMessage, 0L) & Socket.MSG_CTRUNC) != 0) {
                    LOG.log(System.Logger.Level.WARNING, "unix socket {0}: the peer passed more descriptors "
                            + "than fit; the kernel dropped the rest", fd);
                }
                return count;
            }
            int errno = Libc.errno(inErrno);
            if (errno != LibcFileDescriptorStream.EINTR) {
                throw new IOException("recvmsg on unix socket " + fd + ": " + StringH.strerror(errno));
            }
        }
    }

    private long controlLength() {
        return (long) Socket.MSG_CONTROLLEN.get(inMessage, 0L);
    }

    private void closeAll(List<Integer> fds, String with) {
        for (int unexpected : fds) {
            LOG.log(System.Logger.Level.WARNING, "unix socket {0}: closing descriptor {1} that came with {2}",
                    fd, unexpected, with);
            new LibcPassedDescriptor(unexpected).close();
        }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (!source.hasRemaining()) {
            return 0;
        }
        lock.readLock().lock();
        try {
            while (true) {
                if (closed.get()) {
                    throw new IOException("unix socket " + fd + " was closed");
                }
                int size = Math.min(CHUNK, source.remaining());
                MemorySegment.copy(MemorySegment.ofBuffer(source), 0, outBuffer, 0, size);
                long count = Socket.send(outErrno, fd, outBuffer, size, Socket.MSG_NOSIGNAL);
                if (count > 0) {
                    source.position(source.position() + (int) count);
                    return (int) count;
                }
                int errno = Libc.errno(outErrno);
                if (count < 0 && errno != LibcFileDescriptorStream.EINTR) {
                    throw new IOException("send on unix socket " + fd + ": " + StringH.strerror(errno));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Arena call = Arena.ofConfined()) {
            Socket.shutdown(Libc.errnoSegment(call), fd, Socket.SHUT_RDWR);
        }
        lock.writeLock().lock();
        try (Arena call = Arena.ofConfined()) {
            Unistd.close(Libc.errnoSegment(call), fd);
        } finally {
            arena.close();
            lock.writeLock().unlock();
        }
    }
}
