package dev.saffron.spice.internal.cursor;

import dev.saffron.spice.CursorShape;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cursor shapes the server asked the client to keep (CACHE_ME), by the id it uses to recall them
 * (FROM_CACHE). The server models this cache itself and evicts with INVAL_ONE and INVAL_ALL; spice-server
 * assumes room for {@link #MAX_ENTRIES} shapes. Pixels are bounded too, so that a server asking to keep many
 * large shapes cannot make the client hold more than {@link #MAX_PIXELS}: past either bound the least recently
 * used shape goes. Used by the cursor channel's thread only.
 */
public final class CursorCache {
    /** spice-server's size of a client's cursor cache. */
    public static final int MAX_ENTRIES = 256;
    /** 256 cursors of 64x64, or eight of the largest size accepted; 8 MiB as ARGB. */
    public static final long MAX_PIXELS = 256L * 64 * 64 * 2;

    private final Map<Long, CursorShape> shapes = new LinkedHashMap<>(16, 0.75f, true);
    private long pixels;

    /** Keeps a shape under an id, replacing any shape kept under it before. */
    public void put(long id, CursorShape shape) {
        remove(id);
        shapes.put(id, shape);
        pixels += pixelCount(shape);
        Iterator<Map.Entry<Long, CursorShape>> oldest = shapes.entrySet().iterator();
        while (shapes.size() > MAX_ENTRIES || pixels > MAX_PIXELS) {
            pixels -= pixelCount(oldest.next().getValue());
            oldest.remove();
        }
    }

    /** @return the shape kept under an id */
    public Optional<CursorShape> get(long id) {
        return Optional.ofNullable(shapes.get(id));
    }

    /** Forgets the shape kept under an id, if any. */
    public void remove(long id) {
        CursorShape removed = shapes.remove(id);
        if (removed != null) {
            pixels -= pixelCount(removed);
        }
    }

    /** Forgets every shape. */
    public void clear() {
        shapes.clear();
        pixels = 0;
    }

    private static long pixelCount(CursorShape shape) {
        return (long) shape.width() * shape.height();
    }
}
