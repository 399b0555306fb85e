package dev.saffron.spice.internal.display;

import java.lang.foreign.Arena;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One surface's pixel memory. Its {@link SurfaceTable} made it and is its only owner: the table frees it
 * when the server destroys the surface, the channel ends or the session closes; everyone else holds a view
 * that works until then.
 *
 * <p>Two locks keep views consistent. The surface's read-write lock lets application threads {@link #read}
 * whole draws only. The table's draw lock, shared by every surface of a channel, is held for each draw, by
 * the channel's reader and by its video presenter alike, so that a draw reading another surface as its
 * source ({@link #source()}) never sees a frame half drawn by the other thread. Lock order: the draw lock,
 * then a surface's write lock.
 */
public final class SurfacePixels {
    /** A draw into a surface. */
    @FunctionalInterface
    public interface Drawing<E extends Exception> {
        /** @param target the surface's pixels, valid during the call only */
        void draw(PixelBuffer target) throws E;
    }

    private final int id;
    private final Arena arena;
    private final PixelBuffer pixels;
    private final ReentrantLock drawLock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean freed;

    SurfacePixels(int id, Arena arena, PixelBuffer pixels, ReentrantLock drawLock) {
        this.id = id;
        this.arena = arena;
        this.pixels = pixels;
        this.drawLock = drawLock;
    }

    /** @return the surface id */
    public int id() {
        return id;
    }

    /** @return width in pixels */
    public int width() {
        return pixels.width();
    }

    /** @return height in pixels */
    public int height() {
        return pixels.height();
    }

    /** @return the bytes of pixel memory this surface holds against its session's budget */
    public long byteSize() {
        return pixels.segment().byteSize();
    }

    /**
     * Reads the pixels with no draw in progress.
     *
     * @throws IllegalStateException if the memory was freed
     */
    public <T> T read(Function<PixelBuffer, T> reader) {
        lock.readLock().lock();
        try {
            checkAlive();
            return reader.apply(pixels);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs a draw with exclusive access to this surface, holding the channel's draw lock.
     *
     * @throws IllegalStateException if the memory was freed
     */
    public <E extends Exception> void draw(Drawing<E> drawing) throws E {
        drawLock.lock();
        try {
            lock.writeLock().lock();
            try {
                checkAlive();
                drawing.draw(pixels);
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            drawLock.unlock();
        }
    }

    /**
     * @return the pixels as the source of a draw into another surface of the channel; valid only within that
     *         draw, under the channel's draw lock, which keeps other draws out of them
     */
    public PixelBuffer source() {
        return pixels;
    }

    /** @return whether the memory was freed */
    public boolean isFreed() {
        lock.readLock().lock();
        try {
            return freed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Frees the memory once a read or draw in progress is done; later ones fail. Only the table calls it. */
    void free() {
        drawLock.lock();
        try {
            lock.writeLock().lock();
            try {
                if (!freed) {
                    freed = true;
                    arena.close();
                }
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            drawLock.unlock();
        }
    }

    private void checkAlive() {
        if (freed) {
            throw new IllegalStateException("surface " + id + " was destroyed");
        }
    }
}
