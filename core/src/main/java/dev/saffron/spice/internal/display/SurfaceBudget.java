package dev.saffron.spice.internal.display;

/**
 * The surface memory one session may hold, shared by every surface of every display channel of the session.
 * Each surface is checked against {@link dev.saffron.spice.internal.codec.ImageLimits} on its own; this
 * bounds their sum, so that a server cannot make the client allocate without limit by creating surfaces
 * (a few bytes each on the wire). Thread-safe: the display channels' readers reserve and release at once.
 */
public final class SurfaceBudget {
    private final long limitBytes;
    private long usedBytes;

    /**
     * @param limitBytes the most bytes of surface pixels held at once
     * @throws IllegalArgumentException if it is not positive
     */
    public SurfaceBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("surface memory budget " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** @return the most bytes of surface pixels held at once */
    public long limitBytes() {
        return limitBytes;
    }

    /** @return the bytes reserved now */
    public synchronized long usedBytes() {
        return usedBytes;
    }

    /**
     * @param bytes a new surface's pixel bytes
     * @return whether they fit and are now reserved; when they do not, nothing is
     */
    synchronized boolean tryReserve(long bytes) {
        if (bytes < 0 || bytes > limitBytes - usedBytes) {
            return false;
        }
        usedBytes += bytes;
        return true;
    }

    /** Gives back what {@link #tryReserve} reserved for a surface that is now freed. */
    synchronized void release(long bytes) {
        if (bytes < 0 || bytes > usedBytes) {
            throw new IllegalStateException("releasing " + bytes + " bytes of " + usedBytes + " reserved");
        }
        usedBytes -= bytes;
    }
}
