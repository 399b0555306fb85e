package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.FileDescriptorStream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A non-blocking file descriptor read and written through libc. Channels read on virtual threads, and a
 * native call that blocks would pin its carrier thread, so no call here ever blocks: each one polls with a
 * zero timeout and, when the descriptor is not ready, the thread sleeps a little (an unmounting, virtual
 * sleep) and tries again, backing off from 0.1 to 10 ms while the descriptor stays idle.
 *
 * <p>Every call holds the read side of a lock; {@link #close()} takes the write side, so the descriptor's
 * number is never released while a call might still use it, and a later open of the same number cannot
 * receive this stream's bytes.
 */
final class LibcFileDescriptorStream implements FileDescriptorStream {
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    private static final int CHUNK = 64 * 1024;
    private static final long FIRST_PAUSE_NANOS = 100_000;
    private static final long MAX_PAUSE_NANOS = 10_000_000;

    private final int fd;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Owns both directions' native memory; {@link #close()} frees it once no call is in flight. */
    private final Arena arena = Arena.ofShared();
    private final Direction in;
    private final Direction out;

    /** What one direction's calls need, so that a reader and a writer never share native memory. */
    private record Direction(MemorySegment buffer, MemorySegment pollfd, MemorySegment errno) {
        static Direction allocate(Arena arena) {
            return new Direction(arena.allocate(CHUNK), arena.allocate(Poll.POLLFD), Libc.errnoSegment(arena));
        }
    }

    LibcFileDescriptorStream(int fd) {
        this.fd = fd;
        this.in = Direction.allocate(arena);
        this.out = Direction.allocate(arena);
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        if (!destination.hasRemaining()) {
            return 0;
        }
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            lock.readLock().lock();
            try {
                if (ready(in, Poll.POLLIN)) {
                    long count = Unistd.read(in.errno, fd, in.buffer, Math.min(CHUNK, destination.remaining()));
                    if (count > 0) {
                        MemorySegment.copy(in.buffer, 0, MemorySegment.ofBuffer(destination), 0, count);
                        destination.position(destination.position() + (int) count);
                        return (int) count;
                    }
                    if (count == 0) {
                        return -1;
                    }
                    checkRetryable("read", Libc.errno(in.errno));
                }
            } finally {
                lock.readLock().unlock();
            }
            pause = sleep(pause);
        }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (!source.hasRemaining()) {
            return 0;
        }
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            lock.readLock().lock();
            try {
                if (ready(out, Poll.POLLOUT)) {
                    int size = Math.min(CHUNK, source.remaining());
                    MemorySegment.copy(MemorySegment.ofBuffer(source), 0, out.buffer, 0, size);
                    long count = Unistd.write(out.errno, fd, out.buffer, size);
                    if (count > 0) {
                        source.position(source.position() + (int) count);
                        return (int) count;
                    }
                    checkRetryable("write", Libc.errno(out.errno));
                }
            } finally {
                lock.readLock().unlock();
            }
            pause = sleep(pause);
        }
    }

    /** @return whether a call in this direction can go ahead now; end of stream and errors count as ready */
    private boolean ready(Direction direction, short events) throws IOException {
        if (closed.get()) {
            throw new IOException("file descriptor " + fd + " was closed");
        }
        Poll.set(direction.pollfd, fd, events);
        int result = Poll.poll(direction.errno, direction.pollfd, 1, 0);
        if (result < 0) {
            checkRetryable("poll", Libc.errno(direction.errno));
            return false;
        }
        short revents = Poll.revents(direction.pollfd);
        if ((revents & Poll.POLLNVAL) != 0) {
            throw new IOException("file descriptor " + fd + " is no longer open");
        }
        return (revents & (events | Poll.POLLHUP | Poll.POLLERR)) != 0;
    }

    private void checkRetryable(String call, int errno) throws IOException {
        if (errno != EINTR && errno != EAGAIN) {
            throw new IOException(call + " on file descriptor " + fd + ": " + StringH.strerror(errno));
        }
    }

    private static long sleep(long pauseNanos) throws InterruptedIOException {
        try {
            Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a file descriptor");
        }
        return Math.min(MAX_PAUSE_NANOS, pauseNanos * 2);
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
        lock.writeLock().lock();
        try (Arena call = Arena.ofConfined()) {
            Unistd.close(Libc.errnoSegment(call), fd);
        } finally {
            arena.close();
            lock.writeLock().unlock();
        }
    }
}
