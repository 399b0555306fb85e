package dev.saffron.spice.internal.webdav;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * A connection's bytes for the guest, gathered into frames of {@link MuxLimits#MAX_FRAME_DATA} bytes: a frame
 * goes out when it is full or on {@link #flush()}, so a server writing in blocks of any size (64 KiB, say) does
 * not leave a tiny frame behind each block, which would cost spice-webdavd a round of its own. A write blocks
 * while {@code inFlight} bytes of this connection are queued and not yet written to the channel, so one large
 * download neither grows memory nor fills the channel's queue ahead of the other connections. Written by one
 * thread, the connection's; {@link #fail} may come from any.
 */
final class FrameOutput extends OutputStream {
    /** i64 client id and u16 size. */
    static final int HEADER_BYTES = 10;

    private final long clientId;
    private final FrameSink sink;
    private final Semaphore inFlight;
    private final byte[] pending = new byte[MuxLimits.MAX_FRAME_DATA];
    private int filled;
    private volatile String failure;

    FrameOutput(long clientId, FrameSink sink, int inFlightBytes) {
        this.clientId = clientId;
        this.sink = sink;
        this.inFlight = new Semaphore(inFlightBytes);
    }

    /** Builds one frame: {@code i64 client_id, u16 size, data[size]}, little-endian. */
    static ByteBuffer frame(long clientId, byte[] data, int offset, int length) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putLong(clientId).putShort((short) length).put(data, offset, length).flip();
        return frame;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        checkOpen();
        while (length > 0) {
            if (filled == 0 && length >= pending.length) {
                // A whole frame's worth: sent from the caller's array, without a copy into the pending one.
                send(data, offset, pending.length);
                offset += pending.length;
                length -= pending.length;
                continue;
            }
            int n = Math.min(length, pending.length - filled);
            System.arraycopy(data, offset, pending, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == pending.length) {
                flush();
            }
        }
    }

    /** Sends what is gathered, as one frame. */
    @Override
    public void flush() throws IOException {
        if (filled > 0) {
            int n = filled;
            filled = 0;
            send(pending, 0, n);
        }
    }

    private void send(byte[] data, int offset, int n) throws IOException {
        checkOpen();
        try {
            inFlight.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send to the guest");
        }
        checkOpenReleasing(n);
        sink.send(frame(clientId, data, offset, n)).whenComplete((ignored, error) -> {
            if (error != null) {
                fail("the channel did not take the data: " + error.getMessage());
            }
            inFlight.release(n);
        });
    }

    private void checkOpen() throws IOException {
        String reason = failure;
        if (reason != null) {
            throw new IOException(reason);
        }
    }

    private void checkOpenReleasing(int permits) throws IOException {
        if (failure != null) {
            inFlight.release(permits);
            checkOpen();
        }
    }

    /** Nothing more reaches the guest; writes throw from now on. */
    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        // Wakes a writer blocked on permits: it then sees the failure.
        inFlight.release(MuxLimits.MAX_FRAME_DATA);
    }

    /** @return whether the guest can still get this connection's bytes */
    boolean isOpen() {
        return failure == null;
    }
}
