package dev.saffron.spice.internal.display;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pixmap cache shared by every display channel of a session. The server models this cache (it knows
 * the size the client announced in display INIT) and tells the client what to drop; the client still bounds
 * it, so a server that never invalidates cannot make it grow without limit: past the capacity the oldest
 * entries go, with a warning, and a later FROM_CACHE for them fails as a decode error.
 */
public final class ImageCache {
    private static final System.Logger LOG = System.getLogger(ImageCache.class.getName());

    /** A cached image. */
    public record Entry(PixelBuffer pixels, boolean lossy) {
    }

    private final long capacityPixels;
    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private long storedPixels;

    /** @param capacityPixels the most pixels held at once */
    public ImageCache(long capacityPixels) {
        this.capacityPixels = capacityPixels;
    }

    /** @return the capacity in pixels, as announced to the server */
    public long capacityPixels() {
        return capacityPixels;
    }

    /** Stores (or replaces) an image under the server's id. */
    public synchronized void put(long id, PixelBuffer pixels, boolean lossy) {
        remove(id);
        long size = (long) pixels.width() * pixels.height();
        Iterator<Map.Entry<Long, Entry>> oldest = entries.entrySet().iterator();
        while (storedPixels + size > capacityPixels && oldest.hasNext()) {
            Map.Entry<Long, Entry> victim = oldest.next();
            LOG.log(System.Logger.Level.WARNING, "image cache full: dropping image {0} the server did not invalidate",
                    Long.toUnsignedString(victim.getKey()));
            storedPixels -= pixelsOf(victim.getValue());
            oldest.remove();
        }
        entries.put(id, new Entry(pixels, lossy));
        storedPixels += size;
    }

    /** @return the entry under {@code id}, or null */
    public synchronized Entry get(long id) {
        return entries.get(id);
    }

    /** Drops one image (INVAL_LIST). */
    public synchronized void remove(long id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            storedPixels -= pixelsOf(removed);
        }
    }

    /** Drops every image (INVAL_ALL_PIXMAPS, or the session's end). */
    public synchronized void clear() {
        entries.clear();
        storedPixels = 0;
    }

    /** @return pixels held now */
    public synchronized long storedPixels() {
        return storedPixels;
    }

    private static long pixelsOf(Entry entry) {
        return (long) entry.pixels.width() * entry.pixels.height();
    }
}
