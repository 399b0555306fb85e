package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.GlzWindow;

/**
 * What every display channel of a session shares, as spice-gtk's channels with the same cache ids do: the
 * pixmap cache and the GLZ window, sized once from the session's cache-size and glz-window-size. The session
 * owns it and {@linkplain #close() closes} it when it ends: the cache frees its images' memory then; the
 * GLZ window holds its images on the Java heap, so clearing it is all it needs.
 *
 * @param imageCache        the pixmap cache
 * @param glzWindow         the GLZ dictionary
 * @param cachePixels       the pixmap cache size announced to the server, in pixels
 * @param glzWindowPixels   the GLZ window size announced to the server, in pixels
 */
public record SharedDisplayState(ImageCache imageCache, GlzWindow glzWindow, long cachePixels, int glzWindowPixels)
        implements AutoCloseable {
    /** spice-gtk's default pixmap cache: 80 MiB of 32-bit pixels. */
    static final long DEFAULT_CACHE_BYTES = 80L * 1024 * 1024;
    /** spice-gtk's bounds for the automatic GLZ window. */
    static final long MIN_GLZ_WINDOW_BYTES = 12L * 1024 * 1024;
    static final long MAX_GLZ_WINDOW_BYTES = 64L * 1024 * 1024;

    /**
     * Sizes the caches as spice-gtk does.
     *
     * @param cacheSizeBytes the configured cache-size, 0 for spice-gtk's default
     * @param glzWindowBytes the configured glz-window-size, 0 for automatic
     * @param ramHintBytes   the server's RAM hint from main INIT, which sizes the automatic window
     */
    public static SharedDisplayState create(long cacheSizeBytes, long glzWindowBytes, long ramHintBytes) {
        long cache = cacheSizeBytes > 0 ? cacheSizeBytes : DEFAULT_CACHE_BYTES;
        long glz = glzWindowBytes > 0 ? glzWindowBytes
                : Math.clamp(ramHintBytes / 2, MIN_GLZ_WINDOW_BYTES, MAX_GLZ_WINDOW_BYTES);
        return new SharedDisplayState(new ImageCache(cache / 4), GlzWindow.forWindowSize((int) glz),
                cache / 4, (int) (glz / 4));
    }

    /**
     * Empties the pixmap cache and the GLZ window, as spice-gtk does when its session starts over with another
     * server (reconnect, semi-seamless migration), which knows none of their ids.
     */
    public void forgetAll() {
        imageCache.clear();
        glzWindow.clear();
    }

    /** Frees the cached images and forgets the GLZ images: the session has ended. */
    @Override
    public void close() {
        imageCache.close();
        glzWindow.clear();
    }
}
