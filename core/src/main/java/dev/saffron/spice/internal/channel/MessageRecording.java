package dev.saffron.spice.internal.channel;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.transport.Transport;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recording made by {@link MessageRecorder}, read whole into memory, offered as a {@link Transport} whose
 * reads return the recorded bytes (writes, such as ACKs, go nowhere).
 */
public final class MessageRecording implements Transport {
    /** One recorded message. */
    public record Entry(long nanos, long mmTime, byte[] bytes) {
    }

    /** Recordings beyond this are refused: they are read whole. */
    static final long MAX_BYTES = 1L << 31;

    private final int channelType;
    private final int channelId;
    private final boolean miniHeader;
    private final List<Entry> entries;
    private int next;
    private ByteBuffer current = ByteBuffer.allocate(0);
    private Pacer pacer = entry -> { };

    /** Called before each message is handed to the reader: to sleep until its time, or to move a clock. */
    @FunctionalInterface
    public interface Pacer {
        /** @param entry the message about to be read */
        void before(Entry entry) throws InterruptedException;
    }

    private MessageRecording(int channelType, int channelId, boolean miniHeader, List<Entry> entries) {
        this.channelType = channelType;
        this.channelId = channelId;
        this.miniHeader = miniHeader;
        this.entries = entries;
    }

    /**
     * @throws SpiceException with {@link SpiceError#PROTOCOL} if the file is not a recording or is damaged
     */
    public static MessageRecording read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new SpiceException(SpiceError.PROTOCOL, file + " is larger than a recording may be");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MessageRecorder.MAGIC.length + 3];
            if (in.readNBytes(magic, 0, magic.length) != magic.length
                    || !Arrays.equals(magic, 0, MessageRecorder.MAGIC.length, MessageRecorder.MAGIC, 0,
                    MessageRecorder.MAGIC.length)) {
                throw new SpiceException(SpiceError.PROTOCOL, file + " is not a Saffron recording");
            }
            int type = Byte.toUnsignedInt(magic[MessageRecorder.MAGIC.length]);
            int id = Byte.toUnsignedInt(magic[MessageRecorder.MAGIC.length + 1]);
            boolean mini = magic[MessageRecorder.MAGIC.length + 2] != 0;
            List<Entry> entries = new ArrayList<>();
            long left = Files.size(file);
            while (true) {
                long nanos;
                try {
                    nanos = in.readLong();
                } catch (EOFException end) {
                    break;
                }
                long mmTime = Integer.toUnsignedLong(in.readInt());
                int length = in.readInt();
                if (length < 0 || length > left) {
                    throw new SpiceException(SpiceError.PROTOCOL, file + ": damaged record of " + length + " bytes");
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                entries.add(new Entry(nanos, mmTime, bytes));
            }
            return new MessageRecording(type, id, mini, List.copyOf(entries));
        } catch (EOFException e) {
            throw new SpiceException(SpiceError.PROTOCOL, file + " ends in the middle of a record", e);
        }
    }

    /** @return the recorded channel's type byte */
    public int channelType() {
        return channelType;
    }

    /** @return the recorded channel's id */
    public int channelId() {
        return channelId;
    }

    /** @return whether the recorded channel used mini headers */
    public boolean miniHeader() {
        return miniHeader;
    }

    /** @return the messages */
    public List<Entry> entries() {
        return entries;
    }

    /** Sets what happens before each message is read; by default nothing, so replay runs flat out. */
    public void pacer(Pacer value) {
        pacer = value;
    }

    /** Starts reading from the first message again. */
    public void rewind() {
        next = 0;
        current = ByteBuffer.allocate(0);
    }

    @Override
    public void readFully(ByteBuffer destination) throws IOException {
        while (destination.hasRemaining()) {
            if (!current.hasRemaining()) {
                if (next == entries.size()) {
                    throw new EOFException("end of recording");
                }
                Entry entry = entries.get(next++);
                try {
                    pacer.before(entry);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("replay interrupted", e);
                }
                current = ByteBuffer.wrap(entry.bytes);
            }
            int n = Math.min(destination.remaining(), current.remaining());
            destination.put(current.slice(current.position(), n));
            current.position(current.position() + n);
        }
    }

    @Override
    public void writeFully(ByteBuffer source) {
        source.position(source.limit());
    }

    @Override
    public String peer() {
        return "recording";
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public void close() {
        next = entries.size();
        current = ByteBuffer.allocate(0);
    }
}
