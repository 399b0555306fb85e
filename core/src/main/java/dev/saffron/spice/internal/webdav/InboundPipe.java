package dev.saffron.spice.internal.webdav;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guest's bytes for one connection, between the channel thread (which offers them) and the connection's
 * server (which reads them): at most {@code capacity} bytes wait here. Ends either cleanly ({@link #finish()},
 * reads then see the end of the stream once the buffer is drained) or with an error ({@link #fail}, reads then
 * throw at once).
 */
final class InboundPipe extends InputStream {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    /** Guarded by {@link #lock}: copies of the offered slices, oldest first. */
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private int buffered;
    /** Guarded by {@link #lock}. */
    private boolean finished;
    /** Guarded by {@link #lock}. */
    private String failure;

    InboundPipe(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Copies {@code data}'s remaining bytes in, waiting for room up to {@code timeoutNanos}.
     *
     * @return false if there was no room in time, or the pipe has ended (nothing was copied)
     */
    boolean offer(ByteBuffer data, long timeoutNanos) throws InterruptedException {
        int length = data.remaining();
        lock.lock();
        try {
            long left = timeoutNanos;
            while (buffered + length > capacity && !ended()) {
                if (left <= 0) {
                    return false;
                }
                left = writable.awaitNanos(left);
            }
            if (ended()) {
                return false;
            }
            ByteBuffer copy = ByteBuffer.allocate(length);
            copy.put(data).flip();
            chunks.add(copy);
            buffered += length;
            readable.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The guest closed its side: reads end once what is buffered is read. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection is ended under its server: reads throw, buffered bytes are dropped. */
    void fail(String reason) {
        lock.lock();
        try {
            if (failure == null) {
                failure = reason;
            }
            chunks.clear();
            buffered = 0;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the pipe has ended, cleanly or not: offers fail from now on */
    boolean hasEnded() {
        lock.lock();
        try {
            return ended();
        } finally {
            lock.unlock();
        }
    }

    private boolean ended() {
        return finished || failure != null;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (chunks.isEmpty() && failure == null && !finished) {
                readable.await();
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            int copied = 0;
            while (copied < length && !chunks.isEmpty()) {
                ByteBuffer head = chunks.peek();
                int n = Math.min(length - copied, head.remaining());
                head.get(target, offset + copied, n);
                copied += n;
                if (!head.hasRemaining()) {
                    chunks.poll();
                }
            }
            buffered -= copied;
            writable.signalAll();
            return copied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the guest");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /** The server is done reading: later bytes from the guest are dropped rather than held. */
    @Override
    public void close() {
        fail("the connection's input is closed");
    }
}
