package dev.saffron.spice.internal.channel;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Writes one channel's incoming messages, exactly as they came off the wire after the link, with when they
 * came: a recording that {@link MessageRecording} plays back through the same framing code, for tests,
 * benchmarks and bug reports.
 *
 * <p>File layout, big-endian: the magic {@code SAFFRON-REC1}, u8 channel type, u8 channel id, u8 mini
 * header (0/1); then one record per message: u64 nanoseconds since the first message, u32 the session's
 * multimedia time then, u32 length, and the message's bytes (header and body).
 */
public final class MessageRecorder implements Closeable {
    /** The file's first bytes. */
    public static final byte[] MAGIC = "SAFFRON-REC1".getBytes(StandardCharsets.US_ASCII);

    private final DataOutputStream out;
    private final LongSupplier mmTime;
    private long start = -1;
    private IOException failure;

    /**
     * @param mmTime the session's multimedia clock, stored with each message so stream timing can be replayed
     */
    public MessageRecorder(Path file, int channelType, int channelId, boolean miniHeader, LongSupplier mmTime)
            throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        this.mmTime = mmTime;
        out.write(MAGIC);
        out.writeByte(channelType);
        out.writeByte(channelId);
        out.writeByte(miniHeader ? 1 : 0);
    }

    /**
     * Records one message. A write failure stops the recording (it is reported by {@link #close()}) but never
     * the channel.
     */
    void message(ByteBuffer header, MemorySegment body) {
        if (failure != null) {
            return;
        }
        long now = System.nanoTime();
        if (start < 0) {
            start = now;
        }
        try {
            out.writeLong(now - start);
            out.writeInt((int) mmTime.getAsLong());
            out.writeInt(header.limit() + (int) body.byteSize());
            out.write(header.array(), 0, header.limit());
            out.write(body.toArray(ValueLayout.JAVA_BYTE));
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Flushes and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
