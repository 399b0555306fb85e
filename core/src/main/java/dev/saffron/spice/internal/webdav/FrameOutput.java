package dev.saffron.spice.internal.webdav;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * A connection's bytes for the guest, cut into frames of at most {@link MuxLimits#MAX_FRAME_DATA} bytes. A
 * write blocks while {@code inFlight} bytes of this connection are queued and not yet written to the channel,
 * so one large download neither grows memory nor fills the channel's queue ahead of the other connections.
 */
final class FrameOutput extends OutputStream {
    /** i64 client id and u16 size. */
    static final int HEADER_BYTES = 10;

    private final long clientId;
    private final FrameSink sink;
    private final Semaphore inFlight;
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
        while (length > 0) {
            int n = Math.min(length, MuxLimits.MAX_FRAME_DATA);
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
            offset += n;
            length -= n;
        }
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
