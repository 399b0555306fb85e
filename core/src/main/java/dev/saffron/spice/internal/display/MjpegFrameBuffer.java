package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.JpegTables;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.LongFunction;

/**
 * One MJPEG frame between its arrival and its time to be shown, in native memory that the stream reuses for
 * later frames: the message it came in is reused as soon as the reader returns, and a copy per frame on the
 * heap (tens of kilobytes, twenty times a second) is what made a video session's heap, and so its resident
 * memory, grow. The memory grows when a frame does not fit and is freed by the garbage collector, since a frame
 * may still wait on the presenter when its stream is destroyed.
 */
final class MjpegFrameBuffer {
    /** The smallest memory made: a 640x400 frame at spice-server's usual quality is 20 to 40 KB. */
    private static final long MIN_BYTES = 64 * 1024;

    private final LongFunction<MemorySegment> memoryOfAtLeast = this::memoryOfAtLeast;
    private MemorySegment memory = MemorySegment.NULL;
    private MemorySegment frame = MemorySegment.NULL;

    /** Copies an arriving frame in, completed with the stream's tables; on the channel's reader thread. */
    void fill(MemorySegment arrived, JpegTables tables) {
        frame = tables.complete(arrived, memoryOfAtLeast);
    }

    /** @return the frame last filled in, valid until the buffer is filled again */
    MemorySegment frame() {
        return frame;
    }

    private MemorySegment memoryOfAtLeast(long bytes) {
        if (memory.byteSize() < bytes) {
            // A quarter more, so that a stream whose frames grow a little at a time does not reallocate each time.
            memory = Arena.ofAuto().allocate(Math.max(MIN_BYTES, bytes + bytes / 4));
        }
        return memory;
    }
}
