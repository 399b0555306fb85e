package dev.saffron.spice.internal.display;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The surfaces of one display channel and the owner of their memory. A surface's pixels live in an arena of
 * their own, allocated here against the session's {@link SurfaceBudget} and closed here, on the thread that
 * destroys the surface, when the server destroys it or the channel ends ({@link #close()}): never through
 * the application's event executor, which may be stalled or shut down.
 *
 * <p>A surface the budget cannot take is refused and remembered as refused until the server destroys or
 * recreates it, so that its draws can be skipped rather than taken for draws to a surface that never
 * existed.
 *
 * @param <S> what the channel shows of a surface (its public facade)
 */
public final class SurfaceTable<S> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SurfaceTable.class.getName());

    private record Entry<S>(SurfacePixels pixels, S surface) {
    }

    private final String owner;
    private final SurfaceBudget budget;
    private final SurfaceMemory memory;
    private final ReentrantLock drawLock = new ReentrantLock();
    private final Map<Integer, Entry<S>> entries = new ConcurrentHashMap<>();
    private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /**
     * @param owner  the channel's name, for messages
     * @param budget the session's surface budget
     * @param memory where surface memory comes from
     */
    public SurfaceTable(String owner, SurfaceBudget budget, SurfaceMemory memory) {
        this.owner = owner;
        this.budget = budget;
        this.memory = memory;
    }

    /**
     * Allocates a surface; an existing surface of that id must have been {@linkplain #remove removed} first.
     *
     * @param facade makes the channel's facade over the new pixels
     * @return the facade
     * @throws SurfaceRefusedException if the budget cannot take the surface or its memory cannot be had; the
     *                                 id is then {@linkplain #isRefused refused}
     * @throws IllegalStateException   if the id is in use or the table is closed
     */
    public S create(int id, int width, int height, boolean hasAlpha, Function<SurfacePixels, S> facade)
            throws SurfaceRefusedException {
        long bytes = 4L * width * height;
        if (!budget.tryReserve(bytes)) {
            refused.add(id);
            throw new SurfaceRefusedException(owner + ": surface " + id + " of " + width + "x" + height + " ("
                    + mebibytes(bytes) + ") would take the session's surface memory past its budget of "
                    + mebibytes(budget.limitBytes()) + " (" + mebibytes(budget.usedBytes())
                    + " in use; SessionConfig surfaceMemoryBudget)");
        }
        Arena arena = Arena.ofShared();
        MemorySegment segment;
        try {
            segment = memory.allocate(arena, bytes);
        } catch (OutOfMemoryError | RuntimeException e) {
            arena.close();
            budget.release(bytes);
            refused.add(id);
            throw new SurfaceRefusedException(owner + ": no memory for surface " + id + " of " + width + "x"
                    + height + ": " + e);
        }
        SurfacePixels pixels = new SurfacePixels(id, arena,
                new PixelBuffer(segment, 0, width, height, width * 4, hasAlpha), drawLock);
        synchronized (this) {
            if (closed || entries.containsKey(id)) {
                pixels.free();
                budget.release(bytes);
                throw new IllegalStateException(owner + ": surface " + id + (closed ? " after the channel ended"
                        : " is still in use"));
            }
            S surface = facade.apply(pixels);
            entries.put(id, new Entry<>(pixels, surface));
            refused.remove(id);
            return surface;
        }
    }

    /** @return the facade of a live surface, or null */
    public S surface(int id) {
        Entry<S> entry = entries.get(id);
        return entry == null ? null : entry.surface();
    }

    /** @return the pixels of a live surface, or null */
    public SurfacePixels pixels(int id) {
        Entry<S> entry = entries.get(id);
        return entry == null ? null : entry.pixels();
    }

    /** @return whether the surface was refused and the server has not destroyed it since */
    public boolean isRefused(int id) {
        return refused.contains(id);
    }

    /** @return the ids of the live surfaces */
    public List<Integer> ids() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Destroys a surface: frees its memory, once a read or draw in progress is done, and gives it back to the
     * budget. Forgets a refusal of that id too.
     *
     * @return the destroyed surface's facade, or null if there was none
     */
    public S remove(int id) {
        refused.remove(id);
        Entry<S> entry = entries.remove(id);
        if (entry == null) {
            return null;
        }
        entry.pixels().free();
        budget.release(entry.pixels().byteSize());
        return entry.surface();
    }

    /** Destroys every surface; later creations fail. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (Integer id : ids()) {
            remove(id);
        }
        refused.clear();
        LOG.log(System.Logger.Level.DEBUG, "{0}: surface memory freed; {1} of the session''s still in use", owner,
                mebibytes(budget.usedBytes()));
    }

    private static String mebibytes(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
