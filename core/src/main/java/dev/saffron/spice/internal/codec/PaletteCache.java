package dev.saffron.spice.internal.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The palettes a display channel's server has told it to keep (PAL_CACHE_ME), looked up by later images
 * (PAL_FROM_CACHE) and dropped on INVAL_PALETTE, INVAL_ALL_PALETTES and RESET.
 *
 * <p>The server models this cache and evicts from its model itself, sending INVAL_PALETTE for what it
 * drops (spice-server keeps at most 128 palettes per client), so the client keeps exactly what it is told.
 * The bound here only protects the client from a server that never invalidates: it is several times the
 * server's own, so a well-behaved server never sees an entry go missing, and past it the oldest insertion
 * goes first, which is the entry that server would have dropped first too.
 *
 * <p>Not thread-safe: a display channel's reader uses it alone.
 */
public final class PaletteCache {
    /** The default bound, four times what spice-server keeps for a client. */
    public static final int DEFAULT_MAX_ENTRIES = 512;

    private final int maxEntries;
    /** Insertion order, oldest first. */
    private final Map<Long, Palette> palettes = new LinkedHashMap<>();

    /** A cache holding at most {@link #DEFAULT_MAX_ENTRIES} palettes. */
    public PaletteCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    /**
     * @param maxEntries the most palettes kept, at least 1
     * @throws IllegalArgumentException if maxEntries is less than 1
     */
    public PaletteCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Finds the palette an image uses and stores it if the image says so, as spice-common's canvas does:
     * with PAL_FROM_CACHE the cached palette {@code paletteId}; otherwise {@code attached}, which
     * PAL_CACHE_ME stores under its own id.
     *
     * @param flags     the image's bitmap flags ({@link BitmapHeader#PALETTE_FROM_CACHE},
     *                  {@link BitmapHeader#PALETTE_CACHE_ME}); BITMAP and LZ_PLT share their values
     * @param paletteId the id the image names, used only with PAL_FROM_CACHE
     * @param attached  the palette the image points at, {@code null} for none or with PAL_FROM_CACHE
     * @return the palette to decode with, {@code null} if the image has none
     * @throws ImageDecodeException if the image names a palette that is not cached
     */
    public Palette resolve(int flags, long paletteId, Palette attached) throws ImageDecodeException {
        if ((flags & BitmapHeader.PALETTE_FROM_CACHE) != 0) {
            Palette cached = palettes.get(paletteId);
            if (cached == null) {
                throw new ImageDecodeException("palette " + Long.toUnsignedString(paletteId) + " is not cached");
            }
            return cached;
        }
        if (attached != null && (flags & BitmapHeader.PALETTE_CACHE_ME) != 0) {
            put(attached);
        }
        return attached;
    }

    /** Stores a palette under its id, replacing one with the same id; it counts as newest. */
    public void put(Palette palette) {
        palettes.remove(palette.id());
        palettes.put(palette.id(), palette);
        if (palettes.size() > maxEntries) {
            palettes.remove(palettes.keySet().iterator().next());
        }
    }

    /** @return the palette cached under {@code id}, or {@code null} */
    public Palette get(long id) {
        return palettes.get(id);
    }

    /** Drops the palette cached under {@code id}, if any (INVAL_PALETTE). */
    public void remove(long id) {
        palettes.remove(id);
    }

    /** Drops every palette (INVAL_ALL_PALETTES, RESET). */
    public void clear() {
        palettes.clear();
    }

    /** @return how many palettes are cached */
    public int size() {
        return palettes.size();
    }
}
