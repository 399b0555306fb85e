package dev.saffron.spice.internal.display;

import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.SurfaceFormat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A display surface as its display engine holds it: off-heap pixels, 32 bits per pixel (value
 * {@code 0xAARRGGBB} in little-endian order, i.e. bytes B, G, R, X/A), whatever the server's {@link #format()},
 * owned by the surface's own shared arena and freed by {@link #destroy()}. The engine draws into it on its
 * channel's thread under the write lock; readers see whole draws only. The application sees it through its
 * facade, {@link #view()}.
 */
public final class Surface {
    private final int id;
    private final SurfaceFormat format;
    private final boolean primary;
    private final Arena arena;
    private final PixelBuffer pixels;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final DisplaySurface view;
    private boolean destroyed;

    /** @param views makes the application's facade for this surface */
    public Surface(int id, int width, int height, SurfaceFormat format, boolean primary,
                   Function<Surface, DisplaySurface> views) {
        this.id = id;
        this.format = format;
        this.primary = primary;
        this.arena = Arena.ofShared();
        MemorySegment memory = arena.allocate((long) width * height * 4, 64);
        this.pixels = new PixelBuffer(memory, 0, width, height, width * 4, format.hasAlpha());
        this.view = views.apply(this);
    }

    /** @return the application's facade for this surface, always the same one */
    public DisplaySurface view() {
        return view;
    }

    /** @return the surface id (0 is a display channel's primary surface) */
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

    /** @return the format the server declared */
    public SurfaceFormat format() {
        return format;
    }

    /** @return whether this is the channel's primary (visible) surface */
    public boolean isPrimary() {
        return primary;
    }

    /**
     * Reads the pixels under the surface's lock: no draw is half done while {@code reader} runs.
     *
     * @throws IllegalStateException if the surface was destroyed
     */
    public <T> T read(DisplaySurface.PixelReader<T> reader) {
        lock.readLock().lock();
        try {
            checkAlive();
            return reader.read(pixels.segment(), pixels.width(), pixels.height(), pixels.stride());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * @return a copy of the pixels as {@code 0xAARRGGBB} ints, row after row; alpha is 0xFF for opaque formats
     * @throws IllegalStateException if the surface was destroyed
     */
    public int[] toArgb() {
        return read((segment, width, height, stride) -> {
            int[] argb = new int[width * height];
            for (int y = 0; y < height; y++) {
                MemorySegment.copy(segment, PixelBuffer.PIXEL, (long) y * stride, argb, y * width, width);
            }
            if (!format.hasAlpha()) {
                for (int i = 0; i < argb.length; i++) {
                    argb[i] |= 0xFF00_0000;
                }
            }
            return argb;
        });
    }

    /** @return whether the server destroyed this surface */
    public boolean isDestroyed() {
        lock.readLock().lock();
        try {
            return destroyed;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("surface " + id + " was destroyed");
        }
    }

    // ---- for the display engine ---------------------------------------------------------------------

    /** Runs a draw with exclusive access; the buffer is only valid during the call. */
    public <E extends Exception> void draw(Drawing<E> drawing) throws E {
        lock.writeLock().lock();
        try {
            checkAlive();
            drawing.draw(pixels);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A draw into a surface. */
    @FunctionalInterface
    public interface Drawing<E extends Exception> {
        void draw(PixelBuffer target) throws E;
    }

    /** @return the pixels for use as a draw source; only on the display channel's thread */
    public PixelBuffer pixelsForDrawing() {
        return pixels;
    }

    /** Frees the pixels; later reads fail. */
    public void destroy() {
        lock.writeLock().lock();
        try {
            if (!destroyed) {
                destroyed = true;
                arena.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
