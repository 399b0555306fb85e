package dev.saffron.spice.internal.codec;

import java.util.Objects;

/**
 * The fixed part of a SPICE BITMAP image body: how the pixel data that follows it is laid out.
 *
 * @param format the pixel layout
 * @param flags  the bitmap flags byte ({@link #PALETTE_CACHE_ME}, {@link #PALETTE_FROM_CACHE},
 *               {@link #TOP_DOWN})
 * @param width  pixels per row
 * @param height rows
 * @param stride bytes from one row of the data to the next
 */
public record BitmapHeader(BitmapFormat format, int flags, int width, int height, int stride) {
    /** Bitmap flag: keep the attached palette in the palette cache under its id. */
    public static final int PALETTE_CACHE_ME = 1;
    /** Bitmap flag: the body names a cached palette by id instead of pointing at one. */
    public static final int PALETTE_FROM_CACHE = 2;
    /** Bitmap flag: the first row of the data is the top row; without it the first row is the bottom one. */
    public static final int TOP_DOWN = 4;

    /** @throws IllegalArgumentException if a size is negative or flags does not fit a byte */
    public BitmapHeader {
        Objects.requireNonNull(format, "format");
        if (width < 0 || height < 0 || stride < 0 || (flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("invalid bitmap header: flags " + flags + ", " + width + "x" + height
                    + ", stride " + stride);
        }
    }

    /**
     * Builds a header from the values on the wire, which are unsigned.
     *
     * @param format the format byte
     * @param flags  the flags byte
     * @param width  the u32 x field
     * @param height the u32 y field
     * @param stride the u32 stride field
     * @return the header
     * @throws ImageDecodeException if the format is INVALID or unknown, or a size is 2^31 or more
     */
    public static BitmapHeader fromWire(int format, int flags, int width, int height, int stride)
            throws ImageDecodeException {
        BitmapFormat known = BitmapFormat.fromWireValue(format);
        if (known == null) {
            throw new ImageDecodeException("invalid bitmap format " + format);
        }
        if (width < 0 || height < 0 || stride < 0) {
            throw new ImageDecodeException("bitmap too large: " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height) + ", stride " + Integer.toUnsignedString(stride));
        }
        return new BitmapHeader(known, flags & 0xFF, width, height, stride);
    }

    /** @return whether the first row of the data is the top row */
    public boolean topDown() {
        return (flags & TOP_DOWN) != 0;
    }

    /** @return the bytes of pixel data the header describes: stride times height */
    public long dataSize() {
        return (long) stride * height;
    }
}
