package dev.saffron.spice.internal.display;

import java.util.Arrays;

/**
 * When the latest GL_DRAWs of a channel reached each step, relative to their arrival: the picture ready in the
 * surface, and GL_DRAW_DONE queued for the writer. Kept for measurements, a fixed ring of the last
 * {@link #CAPACITY}; the channel thread records, anyone reads.
 */
public final class GlDrawTimings {
    public static final int CAPACITY = 4096;

    private final long[] readyNanos = new long[CAPACITY];
    private final long[] doneNanos = new long[CAPACITY];
    private long count;

    synchronized void record(long receivedNanos, long readyAtNanos, long doneAtNanos) {
        int slot = (int) (count++ % CAPACITY);
        readyNanos[slot] = readyAtNanos - receivedNanos;
        doneNanos[slot] = doneAtNanos - receivedNanos;
    }

    /** @return nanoseconds from each kept draw's arrival to its picture being ready, oldest first */
    public synchronized long[] readyNanos() {
        return kept(readyNanos);
    }

    /** @return nanoseconds from each kept draw's arrival to its GL_DRAW_DONE being queued, oldest first */
    public synchronized long[] doneNanos() {
        return kept(doneNanos);
    }

    private long[] kept(long[] ring) {
        if (count <= CAPACITY) {
            return Arrays.copyOf(ring, (int) count);
        }
        int start = (int) (count % CAPACITY);
        long[] ordered = new long[CAPACITY];
        System.arraycopy(ring, start, ordered, 0, CAPACITY - start);
        System.arraycopy(ring, 0, ordered, CAPACITY - start, start);
        return ordered;
    }
}
