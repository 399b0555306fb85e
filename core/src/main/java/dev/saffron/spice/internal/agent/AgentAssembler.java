package dev.saffron.spice.internal.agent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Puts agent messages back together from the server's AGENT_DATA messages, whose boundaries may fall anywhere
 * in an agent message. A message whose header announces more than the limit, or a protocol other than 1, is
 * skipped as its bytes arrive, so nothing is allocated for it and the stream stays in step. Used by the
 * main channel's reader thread only.
 */
public final class AgentAssembler {
    private static final System.Logger LOG = System.getLogger(AgentAssembler.class.getName());

    private final ByteBuffer header = ByteBuffer.allocate(VdAgent.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long limit;
    private int type;
    private long remaining;
    private byte[] payload;
    private int filled;
    private boolean skipping;
    private long dropped;

    /** @param limit the largest payload accepted, in bytes; at most {@link Integer#MAX_VALUE} */
    public AgentAssembler(long limit) {
        setLimit(limit);
    }

    /** Changes the largest payload accepted from the next message header on. */
    public void setLimit(long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("limit " + value);
        }
        limit = value;
    }

    /** @return how many messages were skipped for their size or protocol so far */
    public long droppedMessages() {
        return dropped;
    }

    /** Forgets any partial message, as when the agent disconnects. */
    public void reset() {
        header.clear();
        payload = null;
        remaining = 0;
        filled = 0;
        skipping = false;
    }

    /**
     * Consumes one AGENT_DATA body.
     *
     * @param data     the bytes; only read during the call
     * @param complete gets each message completed by these bytes, in order
     */
    public void feed(MemorySegment data, Consumer<AgentMessage> complete) {
        long offset = 0;
        long size = data.byteSize();
        while (offset < size) {
            if (header.hasRemaining()) {
                int n = (int) Math.min(header.remaining(), size - offset);
                for (int i = 0; i < n; i++) {
                    header.put(data.get(ValueLayout.JAVA_BYTE, offset + i));
                }
                offset += n;
                if (!header.hasRemaining()) {
                    startMessage(complete);
                }
                continue;
            }
            int n = (int) Math.min(remaining, size - offset);
            if (!skipping) {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, payload, filled, n);
                filled += n;
            }
            offset += n;
            remaining -= n;
            if (remaining == 0) {
                finishMessage(complete);
            }
        }
    }

    private void startMessage(Consumer<AgentMessage> complete) {
        long protocol = Integer.toUnsignedLong(header.getInt(0));
        type = header.getInt(4);
        remaining = Integer.toUnsignedLong(header.getInt(16));
        skipping = protocol != VdAgent.PROTOCOL || remaining > limit;
        if (skipping) {
            dropped++;
            LOG.log(System.Logger.Level.DEBUG, "dropping agent {0}: protocol {1}, {2} bytes (limit {3})",
                    VdAgent.typeName(type), protocol, remaining, limit);
        } else {
            payload = new byte[(int) remaining];
            filled = 0;
        }
        if (remaining == 0) {
            finishMessage(complete);
        }
    }

    private void finishMessage(Consumer<AgentMessage> complete) {
        header.clear();
        if (!skipping) {
            byte[] done = payload;
            payload = null;
            complete.accept(new AgentMessage(type, done));
        }
        skipping = false;
    }
}
