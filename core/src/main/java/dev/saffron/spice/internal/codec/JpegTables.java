package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.LongFunction;

/**
 * The quantisation (DQT) and Huffman (DHT) tables of MJPEG frames. spice-server sends them in a stream's first
 * frame only; later frames are abbreviated JPEGs that decode only with the tables of an earlier frame. A stream
 * keeps the last tables it saw and completes each abbreviated frame with them, so dropping a frame (late, or
 * the queue full) never leaves the ones after it undecodable.
 *
 * <p>Frames are read where they arrived and copied once, completed, into a buffer the caller hands out: the
 * stream's frames then allocate nothing on the heap, whatever their rate and size. Only a frame bringing tables
 * that differ from the remembered ones makes a new table array.
 */
public final class JpegTables {
    private static final int MARKER_SOI = 0xD8;
    private static final int MARKER_SOS = 0xDA;
    private static final int MARKER_DQT = 0xDB;
    private static final int MARKER_DHT = 0xC4;
    /** What {@link #scan} says of a frame that is no JPEG this can read. */
    private static final int UNREADABLE = -1;
    private static final int HAS_DQT = 1;
    private static final int HAS_DHT = 2;

    private byte[] tables;

    /**
     * @param frame   one MJPEG frame as sent; not retained
     * @param buffers gives a buffer of at least the bytes asked for
     * @return the frame copied into a buffer from {@code buffers}, exactly its length, with this stream's tables
     *         inserted after its start marker if it lacks its own; a frame that carries tables replaces the
     *         remembered ones, and a frame this cannot read is copied as it is
     */
    public MemorySegment complete(MemorySegment frame, LongFunction<MemorySegment> buffers) {
        int found = scan(frame);
        boolean complete = found != UNREADABLE && (found & HAS_DQT) != 0 && (found & HAS_DHT) != 0;
        if (complete) {
            remember(frame);
        }
        if (found == UNREADABLE || complete || tables == null) {
            return buffers.apply(frame.byteSize()).asSlice(0, frame.byteSize()).copyFrom(frame);
        }
        long size = frame.byteSize() + tables.length;
        MemorySegment completed = buffers.apply(size).asSlice(0, size);
        MemorySegment.copy(frame, 0, completed, 0, 2);
        MemorySegment.copy(tables, 0, completed, ValueLayout.JAVA_BYTE, 2, tables.length);
        MemorySegment.copy(frame, 2, completed, 2 + tables.length, frame.byteSize() - 2);
        return completed;
    }

    /**
     * Walks the marker segments up to the start of the scan, checking that each fits in the frame.
     *
     * @return {@link #HAS_DQT} and {@link #HAS_DHT} for the tables found, or {@link #UNREADABLE} when the frame
     *         is not a JPEG, a segment's length runs past its end, or it has no scan
     */
    private static int scan(MemorySegment jpeg) {
        long length = jpeg.byteSize();
        if (length < 4 || u8(jpeg, 0) != 0xFF || u8(jpeg, 1) != MARKER_SOI) {
            return UNREADABLE;
        }
        int found = 0;
        long at = 2;
        while (at + 4 <= length) {
            if (u8(jpeg, at) != 0xFF) {
                return UNREADABLE;
            }
            int marker = u8(jpeg, at + 1);
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == MARKER_SOS) {
                return found;
            }
            int segment = segmentLength(jpeg, at);
            if (segment < 2 || at + 2 + segment > length) {
                return UNREADABLE;
            }
            found |= marker == MARKER_DQT ? HAS_DQT : marker == MARKER_DHT ? HAS_DHT : 0;
            at += 2 + segment;
        }
        // No scan: nothing to decode, and nothing to take tables from.
        return UNREADABLE;
    }

    /** Keeps the DQT and DHT segments of a frame {@link #scan} read, unless they are the ones kept already. */
    private void remember(MemorySegment jpeg) {
        int total = 0;
        for (long at = 2; u8(jpeg, at + 1) != MARKER_SOS; at += markerSize(jpeg, at)) {
            total += isTable(jpeg, at) ? 2 + segmentLength(jpeg, at) : 0;
        }
        if (tables != null && tables.length == total && sameTables(jpeg)) {
            return;
        }
        byte[] kept = new byte[total];
        int filled = 0;
        for (long at = 2; u8(jpeg, at + 1) != MARKER_SOS; at += markerSize(jpeg, at)) {
            if (isTable(jpeg, at)) {
                int size = 2 + segmentLength(jpeg, at);
                MemorySegment.copy(jpeg, ValueLayout.JAVA_BYTE, at, kept, filled, size);
                filled += size;
            }
        }
        tables = kept;
    }

    private boolean sameTables(MemorySegment jpeg) {
        MemorySegment kept = MemorySegment.ofArray(tables);
        int compared = 0;
        for (long at = 2; u8(jpeg, at + 1) != MARKER_SOS; at += markerSize(jpeg, at)) {
            if (isTable(jpeg, at)) {
                int size = 2 + segmentLength(jpeg, at);
                if (MemorySegment.mismatch(jpeg, at, at + size, kept, compared, compared + size) != -1) {
                    return false;
                }
                compared += size;
            }
        }
        return true;
    }

    /** @return the bytes from the marker at {@code at} to the next: one for fill bytes, else 2 + its length */
    private static long markerSize(MemorySegment jpeg, long at) {
        return u8(jpeg, at + 1) == 0xFF ? 1 : 2 + segmentLength(jpeg, at);
    }

    private static boolean isTable(MemorySegment jpeg, long at) {
        int marker = u8(jpeg, at + 1);
        return marker == MARKER_DQT || marker == MARKER_DHT;
    }

    private static int segmentLength(MemorySegment jpeg, long at) {
        return u8(jpeg, at + 2) << 8 | u8(jpeg, at + 3);
    }

    private static int u8(MemorySegment segment, long at) {
        return segment.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }
}
