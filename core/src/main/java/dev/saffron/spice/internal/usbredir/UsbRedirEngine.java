package dev.saffron.spice.internal.usbredir;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.Lz4Block;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static dev.saffron.spice.internal.protocol.SpicevmcProtocol.*;

/**
 * The engine of a usbredir channel: a spicevmc byte stream to one of QEMU's {@code usb-redir} devices. The
 * connection itself is the device's cable: QEMU's usb-redir sees its character device open when this channel
 * links (and sends its usbredir hello), and closed when the channel ends (and unplugs whatever device the guest
 * had from it). The usbredir protocol above the bytes belongs to {@code saffron-usbredir}. Tells its facade
 * through {@link Events}.
 *
 * <p>A relink to a server that knows nothing of this client (reconnect, semi-seamless migration) is a new cable to
 * a new {@code usb-redir}: its stream starts afresh, with a new {@linkplain #stream() number}, and bytes written
 * for the old stream are refused, so that a late answer to the old guest never reaches the new one before its
 * hello. A seamless migration keeps the stream.
 */
public final class UsbRedirEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void data(ByteBuffer data);
    }

    /** Writes are cut into messages of at most this size: spice-server reads its side in 64 KiB buffers too. */
    public static final int MAX_WRITE_CHUNK = 64 * 1024;
    /**
     * The largest decompressed size taken from the server: spice-server compresses what it read from the device in
     * one go, at most 64 KiB plus a little; anything far beyond is a broken peer, not data.
     */
    public static final int MAX_DECOMPRESSED_BYTES = 1024 * 1024;

    private final Events events;
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong compressedMessagesSent = new AtomicLong();
    /** Guards {@link #stream}, so that no write for an ended stream slips past its end. */
    private final Object streamGate = new Object();
    /** Counts the fresh streams after the first; raised before the channel relinks. */
    private long stream;

    public UsbRedirEngine(ChannelHost host, int id, Events events) {
        super(host, ChannelType.USBREDIR, id);
        this.events = events;
    }

    @Override
    public Capabilities clientCapabilities() {
        return Capabilities.of(CAP_DATA_COMPRESS_LZ4);
    }

    /** @return the number of the byte stream the channel carries now: 0 at first, one more after each relink */
    public long stream() {
        synchronized (streamGate) {
            return stream;
        }
    }

    @Override
    protected void connectionReset() {
        synchronized (streamGate) {
            stream++;
        }
    }

    /**
     * Sends usbredir bytes to the guest's device, unless the channel has since moved on from stream
     * {@code forStream}.
     *
     * @return as {@link #write(ByteBuffer)}, or failed when the stream is no longer the channel's
     */
    public CompletableFuture<Void> write(ByteBuffer data, long forStream) {
        synchronized (streamGate) {
            if (stream != forStream) {
                return CompletableFuture.failedFuture(new SpiceException(SpiceError.IO, name() + ": usbredir stream "
                        + forStream + " has ended"));
            }
            return write(data);
        }
    }

    /**
     * Sends usbredir bytes to the guest's device. The buffer's remaining bytes are sent, LZ4-compressed per chunk
     * when the server takes compressed data and compression saves bytes; it must not be changed until the future
     * completes.
     *
     * @return completes once the last chunk is queued to the connection, or fails if the channel is not open
     */
    public CompletableFuture<Void> write(ByteBuffer data) {
        ByteBuffer source = data.duplicate();
        boolean compress = serverCapabilities().has(CAP_DATA_COMPRESS_LZ4);
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        while (source.hasRemaining()) {
            ByteBuffer chunk = source.slice(source.position(), Math.min(source.remaining(), MAX_WRITE_CHUNK));
            source.position(source.position() + chunk.remaining());
            bytesSent.addAndGet(chunk.remaining());
            last = compress && chunk.remaining() > COMPRESS_THRESHOLD ? sendCompressed(chunk) : send(MSGC_DATA, chunk);
        }
        return last;
    }

    private CompletableFuture<Void> sendCompressed(ByteBuffer chunk) {
        int size = chunk.remaining();
        byte[] plain = new byte[size];
        chunk.get(chunk.position(), plain);
        byte[] block = Lz4Block.compress(plain, 0, size);
        if (block.length + COMPRESSED_HEADER_BYTES >= size) {
            return send(MSGC_DATA, ByteBuffer.wrap(plain));
        }
        compressedMessagesSent.incrementAndGet();
        ByteBuffer body = ByteBuffer.allocate(COMPRESSED_HEADER_BYTES + block.length).order(ByteOrder.LITTLE_ENDIAN);
        body.put((byte) COMPRESSION_LZ4).putInt(size).put(block).flip();
        return send(MSGC_COMPRESSED_DATA, body);
    }

    /** @return usbredir bytes received from the guest's device, after decompression */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** @return usbredir bytes sent to the guest's device, before compression */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** @return how many messages went out LZ4-compressed */
    public long compressedMessagesSent() {
        return compressedMessagesSent.get();
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_DATA -> deliver(body.toArray(ValueLayout.JAVA_BYTE));
            case MSG_COMPRESSED_DATA -> deliver(decompress(body));
            default -> { }
        }
    }

    private byte[] decompress(MemorySegment body) throws IOException {
        WireReader reader = new WireReader(body, "usbredir COMPRESSED_DATA");
        int compression = reader.u8();
        if (compression == COMPRESSION_NONE) {
            return reader.rest().toArray(ValueLayout.JAVA_BYTE);
        }
        if (compression != COMPRESSION_LZ4) {
            throw reader.malformed("compression type " + compression + ", which this client never offered");
        }
        long size = reader.u32();
        if (size == 0 || size > MAX_DECOMPRESSED_BYTES) {
            throw reader.malformed("a decompressed size of " + size + " bytes");
        }
        byte[] block = reader.rest().toArray(ValueLayout.JAVA_BYTE);
        try {
            return Lz4Block.decompress(block, 0, block.length, (int) size);
        } catch (ImageDecodeException e) {
            throw new SpiceException(SpiceError.PROTOCOL, name() + ": " + e.getMessage(), e);
        }
    }

    private void deliver(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        bytesReceived.addAndGet(bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        host.fire(() -> events.data(data));
    }
}
