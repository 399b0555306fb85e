package dev.saffron.spice.internal.codec;

/**
 * The pixel layouts of a SPICE BITMAP image (SpiceBitmapFmt), and what each becomes in a 32-bit
 * {@link dev.saffron.spice.internal.display.PixelBuffer}.
 */
public enum BitmapFormat {
    /** 1 bit per pixel, bit 0 of each byte leftmost; colours from palette entries 0 and 1. */
    PALETTE_1_LE(1, 1, true),
    /** 1 bit per pixel, bit 7 of each byte leftmost; colours from palette entries 0 and 1. */
    PALETTE_1_BE(2, 1, true),
    /** 4 bits per pixel, low nibble leftmost; palette indices. */
    PALETTE_4_LE(3, 4, true),
    /** 4 bits per pixel, high nibble leftmost; palette indices. */
    PALETTE_4_BE(4, 4, true),
    /** One palette index per byte. */
    PALETTE_8(5, 8, true),
    /** Little-endian 16-bit x1r5g5b5. */
    RGB16(6, 16, false),
    /** Bytes blue, green, red. */
    RGB24(7, 24, false),
    /** Bytes blue, green, red, unused. */
    RGB32(8, 32, false),
    /** Bytes blue, green, red, alpha; colour premultiplied by alpha. */
    RGBA(9, 32, false),
    /** One alpha byte per pixel, no colour. */
    ALPHA8(10, 8, false);

    private final int wireValue;
    private final int bitsPerPixel;
    private final boolean usesPalette;

    BitmapFormat(int wireValue, int bitsPerPixel, boolean usesPalette) {
        this.wireValue = wireValue;
        this.bitsPerPixel = bitsPerPixel;
        this.usesPalette = usesPalette;
    }

    /**
     * @param wireValue the format byte of a SpiceBitmap
     * @return the format, or {@code null} for 0 (INVALID) and values SPICE does not define
     */
    public static BitmapFormat fromWireValue(int wireValue) {
        for (BitmapFormat format : values()) {
            if (format.wireValue == wireValue) {
                return format;
            }
        }
        return null;
    }

    /** @return the value SPICE uses for this format */
    public int wireValue() {
        return wireValue;
    }

    /** @return bits one pixel takes in a row */
    public int bitsPerPixel() {
        return bitsPerPixel;
    }

    /** @return whether pixels are palette indices */
    public boolean usesPalette() {
        return usesPalette;
    }

    /** @return whether the decoded pixels carry alpha (premultiplied), so belong in a buffer with alpha */
    public boolean hasAlpha() {
        return this == RGBA || this == ALPHA8;
    }

    /** @return the bytes a row of {@code width} pixels needs, before any padding */
    public long minimumStride(long width) {
        return (width * bitsPerPixel + 7) / 8;
    }
}
