package dev.saffron.spice.internal.codec;

/**
 * The pixel layout an LZ or GLZ stream codes (spice-common's {@code LzImageType}), with its wire number.
 * Palette types code bytes that hold one or more palette indices; the others code whole pixels.
 */
public enum LzImageType {
    /** 1 bit per pixel, least significant bit leftmost. */
    PLT1_LE(1, 8, 0),
    /** 1 bit per pixel, most significant bit leftmost. */
    PLT1_BE(2, 8, 0),
    /** 4 bits per pixel, low nibble leftmost. */
    PLT4_LE(3, 2, 0),
    /** 4 bits per pixel, high nibble leftmost. */
    PLT4_BE(4, 2, 0),
    /** 8-bit palette indices. */
    PLT8(5, 1, 0),
    /** x1r5g5b5, coded high byte first. */
    RGB16(6, 0, 2),
    /** B, G, R bytes. */
    RGB24(7, 0, 3),
    /** B, G, R, pad bytes; the pad is not coded. */
    RGB32(8, 0, 4),
    /** An RGB32 pass followed by an alpha pass. */
    RGBA(9, 0, 4),
    /** Only the alpha byte of 32-bit pixels (the alpha plane of JPEG_ALPHA). */
    XXXA(10, 0, 4),
    /** 8-bit alpha only. */
    A8(11, 0, 1);

    private static final LzImageType[] BY_WIRE = values();

    private final int wireValue;
    private final int pixelsPerByte;
    private final int bytesPerPixel;

    LzImageType(int wireValue, int pixelsPerByte, int bytesPerPixel) {
        this.wireValue = wireValue;
        this.pixelsPerByte = pixelsPerByte;
        this.bytesPerPixel = bytesPerPixel;
    }

    /** @return the number that stands for this type in a stream header */
    public int wireValue() {
        return wireValue;
    }

    /** @return whether pixels are palette indices */
    public boolean isPalette() {
        return pixelsPerByte != 0;
    }

    /** @return pixels per stored byte for palette types, 0 for the others */
    public int pixelsPerByte() {
        return pixelsPerByte;
    }

    /** @return bytes per pixel in the source image for non-palette types (the stride unit), 0 for palettes */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /**
     * @param wireValue the type number from a stream header
     * @return the type, or null for a number no type has
     */
    static LzImageType fromWire(long wireValue) {
        return wireValue >= 1 && wireValue <= BY_WIRE.length ? BY_WIRE[(int) wireValue - 1] : null;
    }
}
