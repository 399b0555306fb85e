package dev.saffron.spice.internal.display;

import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pixmap cache shared by every display channel of a session, and the owner of the cached images'
 * memory. The server models this cache (it knows the size the client announced in display INIT) and tells
 * the client what to drop; the client still bounds it, so a server that never invalidates cannot make it
 * grow without limit: past the capacity the oldest entries go, with a warning, and a later FROM_CACHE for
 * them fails as a decode error.
 *
 * <p>Each image lives in an arena of its own. A draw on one channel may be using an image as its source
 * while another channel's reader drops it, so an entry counts its holders (the cache, and each draw that
 * {@linkplain #acquire acquired} it) and its arena is closed when the last lets go. {@link #close()}, at the
 * session's end, drops every entry; with no draw running, that frees them all.
 *
 * <p>A channel that decodes on other threads ({@link DecodeStage}) {@linkplain #putDecoding stores} an image
 * as soon as its message is read, in message order, and its pixels follow when a worker has decoded them: a
 * reader that meets the entry first {@linkplain Entry#awaitDecoded waits} for them.
 */
public final class ImageCache implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ImageCache.class.getName());

    /** A cached image, valid while its holder has not {@linkplain #release released} it. */
    public static final class Entry {
        private final Arena arena;
        private final PixelBuffer pixels;
        private final boolean lossy;
        /** Guarded by the cache. */
        private int holders = 1;
        /** Whether the pixels are decoded, or failed to be; guarded by the entry. */
        private boolean decoded;
        private boolean failed;

        private Entry(Arena arena, PixelBuffer pixels, boolean lossy, boolean decoded) {
            this.arena = arena;
            this.pixels = pixels;
            this.lossy = lossy;
            this.decoded = decoded;
        }

        /**
         * Waits until the pixels of an entry {@linkplain #putDecoding stored before decoding} are there.
         *
         * @return whether they are; false if their decode failed or did not end within {@code timeout}
         * @throws InterruptedException if the thread is interrupted meanwhile
         */
        public synchronized boolean awaitDecoded(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!decoded && !failed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return decoded;
        }

        /** The worker has written the pixels. */
        synchronized void markDecoded() {
            decoded = true;
            notifyAll();
        }

        /** The pixels will never be there: their image failed to decode, or the channel closed first. */
        synchronized void markFailed() {
            failed = true;
            notifyAll();
        }

        /** @return the pixels */
        public PixelBuffer pixels() {
            return pixels;
        }

        /** @return whether they came from a lossy codec */
        public boolean lossy() {
            return lossy;
        }

        /** @return whether the image's memory is still allocated */
        public boolean isAlive() {
            return arena.scope().isAlive();
        }
    }

    private final long capacityPixels;
    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private long storedPixels;
    private boolean closed;

    /** @param capacityPixels the most pixels held at once */
    public ImageCache(long capacityPixels) {
        this.capacityPixels = capacityPixels;
    }

    /** @return the capacity in pixels, as announced to the server */
    public long capacityPixels() {
        return capacityPixels;
    }

    /**
     * Stores (or replaces) an image under the server's id.
     *
     * @param arena  the arena holding the pixels, which the cache now owns
     * @param pixels the image
     * @return the entry, held for the caller as by {@link #acquire}: the caller releases it
     */
    public synchronized Entry put(long id, Arena arena, PixelBuffer pixels, boolean lossy) {
        return store(id, new Entry(arena, pixels, lossy, true));
    }

    /**
     * As {@link #put}, for pixels not decoded yet: whoever decodes them then calls {@link Entry#markDecoded()},
     * or {@link #failed} when they cannot be.
     */
    public synchronized Entry putDecoding(long id, Arena arena, PixelBuffer pixels, boolean lossy) {
        return store(id, new Entry(arena, pixels, lossy, false));
    }

    /**
     * An entry {@linkplain #putDecoding stored before decoding} failed: it leaves the cache, unless another
     * image replaced it meanwhile, so a later FROM_CACHE of its id fails as if it had never been stored.
     */
    public synchronized void failed(long id, Entry entry) {
        entry.markFailed();
        if (entries.get(id) == entry) {
            entries.remove(id);
            drop(entry);
        }
    }

    private Entry store(long id, Entry entry) {
        if (closed) {
            return entry;
        }
        remove(id);
        long size = pixelsOf(entry);
        Iterator<Map.Entry<Long, Entry>> oldest = entries.entrySet().iterator();
        while (storedPixels + size > capacityPixels && oldest.hasNext()) {
            Map.Entry<Long, Entry> victim = oldest.next();
            LOG.log(System.Logger.Level.WARNING, "image cache full: dropping image {0} the server did not invalidate",
                    Long.toUnsignedString(victim.getKey()));
            oldest.remove();
            drop(victim.getValue());
        }
        entries.put(id, entry);
        entry.holders++;
        storedPixels += size;
        return entry;
    }

    /** @return the entry under {@code id}, held for the caller until it {@linkplain #release releases} it, or null */
    public synchronized Entry acquire(long id) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.holders++;
        }
        return entry;
    }

    /** Lets go of an entry from {@link #put} or {@link #acquire}; the last holder frees its memory. */
    public synchronized void release(Entry entry) {
        if (entry.holders <= 0) {
            throw new IllegalStateException("image cache entry released once too often");
        }
        if (--entry.holders == 0) {
            entry.arena.close();
        }
    }

    /** Drops one image (INVAL_LIST). */
    public synchronized void remove(long id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            drop(removed);
        }
    }

    /** Drops every image (INVAL_ALL_PIXMAPS). */
    public synchronized void clear() {
        for (Entry entry : entries.values()) {
            release(entry);
        }
        entries.clear();
        storedPixels = 0;
    }

    /** Drops every image and stores no more: the session has ended. */
    @Override
    public synchronized void close() {
        closed = true;
        clear();
    }

    /** @return pixels held now */
    public synchronized long storedPixels() {
        return storedPixels;
    }

    private void drop(Entry entry) {
        storedPixels -= pixelsOf(entry);
        release(entry);
    }

    private static long pixelsOf(Entry entry) {
        return (long) entry.pixels.width() * entry.pixels.height();
    }
}
