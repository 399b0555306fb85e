package dev.saffron.spice.internal.channel;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.link.LinkHandshake;
import dev.saffron.spice.internal.transport.Transport;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The data stage of one linked channel: message framing in both directions, sub-message lists, SET_ACK flow
 * control and PING. One thread runs {@link #runReader}; it never runs application code directly and never
 * writes to the socket: outgoing messages go through a bounded queue drained by a writer thread, so a slow
 * peer blocks only the writer.
 */
public final class ChannelConnection {
    /** Receives every message this class does not answer itself, on the reader thread. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param type the message type
         * @param body the body; valid only during this call (the buffer is reused for the next message)
         */
        void onMessage(int type, MemorySegment body) throws IOException;
    }

    static final int MINI_HEADER_SIZE = LinkHandshake.MINI_HEADER_SIZE;
    static final int FULL_HEADER_SIZE = 18;
    /** Sub-message lists in practice hold a handful of entries; far more means a broken or hostile peer. */
    static final int MAX_SUB_MESSAGES = 4096;
    private static final int WRITE_QUEUE_CAPACITY = 256;
    private static final int COALESCE_LIMIT = 64 * 1024;

    private record Outgoing(int type, ByteBuffer body, CompletableFuture<Void> done) {
    }

    private final Transport transport;
    private final boolean miniHeader;
    private final int maxBodySize;
    private final String name;
    private final BlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(WRITE_QUEUE_CAPACITY);
    private final ProcessedSerial processed;
    private final ChannelTraffic traffic;

    private final ByteBuffer headerBuffer;
    private ByteBuffer bodyBuffer = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private MemorySegment bodySegment = MemorySegment.ofBuffer(bodyBuffer);
    private long receivedCount;
    private long ackWindow;
    private long untilAck;
    private long sentSerial;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    /** Set by {@link #stopReading}: the reader returns, the stream stays open. */
    private volatile boolean readingStopped;
    private volatile MessageRecorder recorder;
    private Thread writer;
    /** Set by {@link #writeOnCaller}; the lock orders the callers' writes. */
    private volatile boolean writesOnCaller;
    private final Object callerWriteLock = new Object();
    private ByteBuffer callerScratch;

    /**
     * @param miniHeader  whether the link negotiated 6-byte headers
     * @param maxBodySize the largest message body accepted; larger ones close the channel
     * @param name        the channel's name for log and error text, such as {@code "display-0"}
     * @param processed   where the serial of each finished message is published
     */
    public ChannelConnection(Transport transport, boolean miniHeader, int maxBodySize, String name,
                             ProcessedSerial processed) {
        this.transport = transport;
        this.processed = processed;
        this.traffic = new ChannelTraffic(name);
        this.miniHeader = miniHeader;
        this.maxBodySize = maxBodySize;
        this.name = name;
        this.headerBuffer = ByteBuffer.allocate(miniHeader ? MINI_HEADER_SIZE : FULL_HEADER_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Records every message read from now on; only the reader thread records. */
    public void record(MessageRecorder value) {
        recorder = value;
    }

    /**
     * Starts the writer thread; messages may be queued before. A daemon platform thread, like the channel's
     * reader, so that a write that blocks never starts the JDK's poller (see {@link ChannelEngine#start}).
     */
    public void startWriter() {
        writer = Thread.ofPlatform().daemon().name("spice-" + name + "-writer").start(this::drainQueue);
    }

    /**
     * Makes every {@link #send} write at once, on the sending thread, instead of queueing for a writer
     * thread: for a connection whose caller also drives its reader (the test harness), so that a message is
     * written when the call that sent it returns. Call before the first send, instead of {@link #startWriter}.
     */
    public void writeOnCaller() {
        writesOnCaller = true;
    }

    /**
     * Queues a message. Blocks while the queue is full, which only happens when the peer stops reading.
     *
     * @return completes when the bytes were handed to the socket, or fails with the reason they never will be
     */
    public CompletableFuture<Void> send(int type, ByteBuffer body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(closedError());
            return done;
        }
        if (writesOnCaller) {
            writeNow(new Outgoing(type, body, done));
            return done;
        }
        try {
            outgoing.put(new Outgoing(type, body, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(new SpiceException(SpiceError.IO, name + ": interrupted while sending", e));
        }
        if (closed) {
            failPending();
        }
        return done;
    }

    /**
     * Reads and dispatches messages until the peer closes the stream, {@link #close()} or {@link #stopReading()}
     * is called, or the peer breaks the protocol.
     *
     * @throws SpiceException with {@link SpiceError#PROTOCOL} for malformed input
     * @throws IOException    when the stream ends or breaks
     */
    public void runReader(Handler handler) throws IOException {
        while (!closed && !readingStopped) {
            readMessage(handler);
        }
    }

    /**
     * Makes {@link #runReader} return once the message it is dispatching is handled, leaving the stream open:
     * in a seamless migration a channel leaves its source connection for the destination's, but the source's
     * connections must stay open until every channel has moved (spice-server drops a client's every channel
     * when its main channel closes). Call on the reader thread; {@link #close()} still ends the stream.
     */
    public void stopReading() {
        readingStopped = true;
    }

    /**
     * Reads one message and dispatches it (a sub-message list: each of its messages), answering SET_ACK and
     * PING itself; {@link #runReader} is this in a loop. Called directly by whoever runs a channel on its own
     * thread, such as the test harness.
     *
     * @throws SpiceException with {@link SpiceError#PROTOCOL} for malformed input
     * @throws IOException    when the stream ends or breaks
     */
    public void readMessage(Handler handler) throws IOException {
        ByteBuffer header = headerBuffer.clear();
        transport.readFully(header);
        long serial;
        int type;
        long size;
        long subList = 0;
        if (miniHeader) {
            type = Short.toUnsignedInt(header.getShort(0));
            size = Integer.toUnsignedLong(header.getInt(2));
            serial = receivedCount + 1;
        } else {
            serial = header.getLong(0);
            type = Short.toUnsignedInt(header.getShort(8));
            size = Integer.toUnsignedLong(header.getInt(10));
            subList = Integer.toUnsignedLong(header.getInt(14));
        }
        if (size > maxBodySize) {
            throw new SpiceException(SpiceError.PROTOCOL, name + ": message type " + type + " announces "
                    + size + " bytes, more than the limit of " + maxBodySize);
        }
        MemorySegment body = readBody((int) size);
        receivedCount++;
        traffic.received(header.capacity() + size);
        MessageRecorder tap = recorder;
        if (tap != null) {
            tap.message(header.flip(), body);
        }
        boolean isList = miniHeader && type == BaseMessages.LIST;
        if (isList || subList != 0) {
            dispatchList(body, isList ? 0 : subList, handler);
        }
        // Counted before the message itself is handled, as spice-gtk does: SET_ACK does not count itself.
        countForAck();
        if (!isList) {
            dispatch(type, body, handler);
        }
        processed.processed(serial);
    }

    private MemorySegment readBody(int size) throws IOException {
        if (size > bodyBuffer.capacity()) {
            int capacity = (int) Math.min(maxBodySize, Math.max(size, 2L * bodyBuffer.capacity()));
            bodyBuffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
            bodySegment = MemorySegment.ofBuffer(bodyBuffer);
        }
        bodyBuffer.clear().limit(size);
        transport.readFully(bodyBuffer);
        return bodySegment.asSlice(0, size);
    }

    private void dispatchList(MemorySegment body, long offset, Handler handler) throws IOException {
        WireReader list = new WireReader(body, name + " sub-message list").at(offset);
        int count = list.count16(4, MAX_SUB_MESSAGES);
        List<Long> offsets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            offsets.add(list.u32());
        }
        for (long subOffset : offsets) {
            WireReader sub = list.at(subOffset);
            int type = sub.u16();
            long size = sub.u32();
            dispatch(type, sub.slice(size), handler);
        }
    }

    private void dispatch(int type, MemorySegment body, Handler handler) throws IOException {
        switch (type) {
            case BaseMessages.SET_ACK -> {
                WireReader reader = new WireReader(body, name + " SET_ACK");
                long generation = reader.u32();
                ackWindow = reader.u32();
                untilAck = ackWindow;
                send(BaseMessages.ACK_SYNC, new MessageBuilder(4).u32(generation).build());
            }
            case BaseMessages.PING -> {
                WireReader reader = new WireReader(body, name + " PING");
                long id = reader.u32();
                long timestamp = reader.u64();
                send(BaseMessages.PONG, new MessageBuilder(12).u32(id).u64(timestamp).build());
            }
            default -> handler.onMessage(type, body);
        }
    }

    private void countForAck() {
        if (ackWindow == 0) {
            return;
        }
        if (--untilAck <= 0) {
            untilAck = ackWindow;
            send(BaseMessages.ACK, ByteBuffer.allocate(0));
        }
    }

    private void drainQueue() {
        ByteBuffer scratch = ByteBuffer.allocateDirect(COALESCE_LIMIT).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (true) {
                Outgoing message = outgoing.take();
                try {
                    write(message, scratch);
                    message.done.complete(null);
                } catch (IOException e) {
                    message.done.completeExceptionally(closed ? closedError()
                            : new SpiceException(SpiceError.IO, name + ": write failed: " + e.getMessage(), e));
                    close();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failPending();
        }
    }

    private void write(Outgoing message, ByteBuffer scratch) throws IOException {
        int size = message.body.remaining();
        scratch.clear();
        if (miniHeader) {
            scratch.putShort((short) message.type).putInt(size);
        } else {
            scratch.putLong(++sentSerial).putShort((short) message.type).putInt(size).putInt(0);
        }
        int headerSize = scratch.position();
        if (scratch.remaining() >= size) {
            scratch.put(message.body.duplicate());
            transport.writeFully(scratch.flip());
        } else {
            transport.writeFully(scratch.flip());
            transport.writeFully(message.body.duplicate());
        }
        traffic.sent(headerSize + size);
    }

    private void writeNow(Outgoing message) {
        synchronized (callerWriteLock) {
            if (callerScratch == null) {
                callerScratch = ByteBuffer.allocate(COALESCE_LIMIT).order(ByteOrder.LITTLE_ENDIAN);
            }
            try {
                write(message, callerScratch);
                message.done.complete(null);
            } catch (IOException e) {
                message.done.completeExceptionally(
                        new SpiceException(SpiceError.IO, name + ": write failed: " + e.getMessage(), e));
            }
        }
    }

    private void failPending() {
        for (Outgoing message; (message = outgoing.poll()) != null; ) {
            message.done.completeExceptionally(closedError());
        }
    }

    private SpiceException closedError() {
        return new SpiceException(SpiceError.IO, name + ": channel is closed");
    }

    /** @return whether {@link #close()} was called or the writer failed */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the stream, stops the writer and fails queued messages. Idempotent; any thread. */
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        transport.close();
        if (writer != null) {
            writer.interrupt();
        }
        failPending();
    }
}
