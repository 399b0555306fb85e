package dev.saffron.spice.internal.agent;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * Sends agent messages to the guest: each becomes a 20-byte header and its payload, cut into AGENT_DATA
 * bodies of at most 2048 bytes, and each AGENT_DATA costs one of the tokens the server grants. Messages wait
 * in a bounded queue while there are no tokens. Thread-safe; the sink is called with this object's lock held,
 * so that chunks leave in order, and it may block only while the channel's write queue is full.
 */
public final class AgentSender {
    /** Where the chunks go: one AGENT_DATA message each. */
    @FunctionalInterface
    public interface ChunkSink {
        /** @return completes when the chunk was handed to the socket */
        CompletableFuture<Void> send(ByteBuffer chunk);
    }

    /** Queued messages beyond this are refused; file transfers keep at most a couple queued. */
    public static final int MAX_QUEUED_MESSAGES = 1024;
    /** Queued bytes beyond this are refused: room for a clipboard at spice-gtk's 100 MiB limit and more. */
    public static final long MAX_QUEUED_BYTES = 256L * 1024 * 1024;

    private static final class Pending {
        final byte[] bytes;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int sent;

        Pending(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private final ChunkSink sink;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long tokens;
    private boolean closed;

    public AgentSender(ChunkSink sink) {
        this.sink = sink;
    }

    /** @return the tokens left for client-to-agent messages */
    public synchronized long tokens() {
        return tokens;
    }

    /** @return how many messages wait for tokens */
    public synchronized int queuedMessages() {
        return queue.size();
    }

    /** Sets the token count (INIT, AGENT_CONNECTED_TOKENS) and sends what it allows. */
    public synchronized void setTokens(long value) {
        tokens = value;
        flush();
    }

    /** Adds tokens (AGENT_TOKEN) and sends what they allow. */
    public synchronized void addTokens(long value) {
        tokens += value;
        flush();
    }

    /**
     * Queues one agent message and sends as much of the queue as the tokens allow.
     *
     * @param type  the {@code VD_AGENT_*} type
     * @param parts the payload, concatenated; copied, so the caller may reuse the arrays
     * @return completes when the message's last chunk was handed to the socket; fails if it never will be
     */
    public synchronized CompletableFuture<Void> send(int type, byte[]... parts) {
        long size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        if (closed) {
            return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED, "the agent is not connected"));
        }
        if (size > Integer.MAX_VALUE - VdAgent.HEADER_SIZE || queue.size() >= MAX_QUEUED_MESSAGES
                || queuedBytes + size > MAX_QUEUED_BYTES) {
            return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED,
                    "the agent's send queue is full (" + queue.size() + " messages, " + queuedBytes + " bytes)"));
        }
        ByteBuffer message = ByteBuffer.allocate(VdAgent.HEADER_SIZE + (int) size).order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(VdAgent.PROTOCOL).putInt(type).putLong(0).putInt((int) size);
        for (byte[] part : parts) {
            message.put(part);
        }
        Pending pending = new Pending(message.array());
        queue.add(pending);
        queuedBytes += pending.bytes.length;
        flush();
        return pending.done;
    }

    /**
     * Drops the queued messages not yet begun, failing them with {@code reason}. A message partly sent is
     * finished when tokens allow, since the server expects whole messages even after the agent left.
     */
    public synchronized void dropUnstarted(SpiceException reason) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (pending.sent == 0) {
                it.remove();
                queuedBytes -= pending.bytes.length;
                pending.done.completeExceptionally(reason);
            }
        }
    }

    /** Fails everything queued and refuses later messages: the channel has ended. */
    public synchronized void close(SpiceException reason) {
        closed = true;
        for (Pending pending : queue) {
            pending.done.completeExceptionally(reason);
        }
        queue.clear();
        queuedBytes = 0;
    }

    private void flush() {
        while (tokens > 0 && !queue.isEmpty()) {
            Pending head = queue.peek();
            int length = Math.min(VdAgent.MAX_DATA_SIZE, head.bytes.length - head.sent);
            ByteBuffer chunk = ByteBuffer.wrap(head.bytes, head.sent, length).slice().asReadOnlyBuffer();
            head.sent += length;
            tokens--;
            CompletableFuture<Void> written = sink.send(chunk);
            if (head.sent == head.bytes.length) {
                queue.poll();
                queuedBytes -= head.bytes.length;
                written.whenComplete((ignored, error) -> {
                    if (error == null) {
                        head.done.complete(null);
                    } else {
                        head.done.completeExceptionally(error);
                    }
                });
            }
        }
    }
}
