package dev.saffron.spice.internal.display;

/**
 * What a GL_SCANOUT_UNIX message says about a frame (protocol reference §4.9), checked: a single-plane 32-bit
 * buffer of {@code stride * height} bytes or more.
 *
 * @param fourcc   the DRM format code, one of {@link #XRGB8888}, {@link #ARGB8888}, {@link #XBGR8888},
 *                 {@link #ABGR8888}
 * @param modifier the DRM format modifier; GL_SCANOUT_UNIX has none, so {@link #MODIFIER_INVALID}
 * @param y0Top    whether row 0 is the top of the picture (otherwise the bottom, GL's way)
 */
public record GlScanoutFrame(int width, int height, int stride, int fourcc, long modifier, boolean y0Top) {
    public static final int XRGB8888 = fourcc('X', 'R', '2', '4');
    public static final int ARGB8888 = fourcc('A', 'R', '2', '4');
    public static final int XBGR8888 = fourcc('X', 'B', '2', '4');
    public static final int ABGR8888 = fourcc('A', 'B', '2', '4');
    /** DRM_FORMAT_MOD_INVALID: the producer named no modifier; the driver's implicit layout applies. */
    public static final long MODIFIER_INVALID = 0x00FF_FFFF_FFFF_FFFFL;

    /** @return the DRM code of four characters, the first in the lowest byte */
    public static int fourcc(char a, char b, char c, char d) {
        return a | b << 8 | c << 16 | d << 24;
    }

    /** @return whether Saffron can show frames in this DRM format */
    public static boolean isKnown(int fourcc) {
        return fourcc == XRGB8888 || fourcc == ARGB8888 || fourcc == XBGR8888 || fourcc == ABGR8888;
    }

    /** @return whether the format stores red in the lowest byte of a pixel, where Saffron's surfaces have blue */
    public boolean swapsRedAndBlue() {
        return fourcc == XBGR8888 || fourcc == ABGR8888;
    }

    /** @return whether the fourth byte is alpha rather than padding */
    public boolean hasAlpha() {
        return fourcc == ARGB8888 || fourcc == ABGR8888;
    }

    /** @return the bytes the frame occupies in its buffer */
    public long byteSize() {
        return (long) stride * height;
    }
}
