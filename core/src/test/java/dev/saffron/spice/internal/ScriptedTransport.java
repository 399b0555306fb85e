package dev.saffron.spice.internal;

import dev.saffron.spice.internal.transport.Transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** A transport that replays fixed server bytes and records what the client writes. */
public final class ScriptedTransport implements Transport {
    private final ByteBuffer input;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private volatile boolean closed;

    /** @param serverBytes everything the server will send, after which reads hit end of stream */
    public ScriptedTransport(byte[] serverBytes) {
        this.input = ByteBuffer.wrap(serverBytes);
    }

    @Override
    public synchronized void readFully(ByteBuffer destination) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        if (input.remaining() < destination.remaining()) {
            destination.put(input);
            throw new EOFException("script ended");
        }
        ByteBuffer part = input.slice(input.position(), destination.remaining());
        input.position(input.position() + destination.remaining());
        destination.put(part);
    }

    @Override
    public void writeFully(ByteBuffer source) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        byte[] bytes = new byte[source.remaining()];
        source.get(bytes);
        synchronized (output) {
            output.write(bytes, 0, bytes.length);
            output.notifyAll();
        }
    }

    /** @return everything written so far */
    public byte[] written() {
        synchronized (output) {
            return output.toByteArray();
        }
    }

    /** Waits until at least {@code count} bytes were written, then returns all of them. */
    public byte[] awaitWritten(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                output.wait(Math.max(1, left / 1_000_000));
            }
            return output.toByteArray();
        }
    }

    /** @return bytes not yet read by the client */
    public int unread() {
        return input.remaining();
    }

    @Override
    public String peer() {
        return "script";
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** @return whether the client closed it */
    public boolean isClosed() {
        return closed;
    }
}
