package dev.saffron.spice.internal.display;

import dev.saffron.spice.SurfaceFormat;

/**
 * The colour precision of a surface. Saffron keeps every surface in 32-bit pixels; a 16-bit surface
 * (SPICE_SURFACE_FMT_16_555 or 16_565, which spice-gtk keeps as pixman x1r5g5b5 or r5g6b5 images) holds
 * only colours a 16-bit pixel can: each channel's top 5 (green of 565: 6) bits, with the top bits repeated
 * below them, which is how pixman and spice-common widen 16-bit colours to 8 bits a channel. So a pixel of a
 * 16-bit surface reads as spice-gtk's would after the same draws, and screenshots need no conversion.
 */
public enum ColorDepth {
    /** 32-bit surfaces: colours as they are. */
    RGB32(0xFFFFFF),
    /** x1r5g5b5. */
    RGB555(0xF8F8F8),
    /** r5g6b5. */
    RGB565(0xF8FCF8),
    /**
     * 8-bit alpha (SPICE_SURFACE_FMT_8_A, which spice-gtk keeps as a pixman a8 image): only the top byte
     * survives a draw, so the surface reads as {@code a << 24} wherever it is used as a source or mask.
     */
    ALPHA8(0);

    private final int kept;

    ColorDepth(int kept) {
        this.kept = kept;
    }

    /** @return the precision of a surface of that format; A1 counts as 32-bit */
    public static ColorDepth of(SurfaceFormat format) {
        return switch (format) {
            case X1R5G5B5 -> RGB555;
            case R5G6B5 -> RGB565;
            case A8 -> ALPHA8;
            default -> RGB32;
        };
    }

    /** @return the 0x00RRGGBB bits a pixel of this depth keeps: spice-common's 32-to-16 conversion keeps these */
    public int keptBits() {
        return kept;
    }

    /**
     * A colour as the server sends it for a surface of this depth (a solid brush): for 16-bit surfaces, a
     * 16-bit pixel value, as spice-gtk's canvas writes brush colours into its 16-bit images unconverted.
     *
     * @return the colour as {@code 0x00RRGGBB}
     */
    public int colorFromWire(int value) {
        return switch (this) {
            case RGB32, ALPHA8 -> value;
            case RGB555 -> widen5(value >> 10) << 16 | widen5(value >> 5) << 8 | widen5(value);
            case RGB565 -> widen5(value >> 11) << 16 | widen6(value >> 5) << 8 | widen5(value);
        };
    }

    /** @return the pixel as a surface of this depth would hold it: narrowed to 16 bits and widened again */
    public int quantize(int pixel) {
        return switch (this) {
            case RGB32 -> pixel;
            case RGB555 -> pixel & 0xFF000000 | colorFromWire((pixel >> 9 & 0x7C00) | (pixel >> 6 & 0x3E0)
                    | (pixel >> 3 & 0x1F));
            case RGB565 -> pixel & 0xFF000000 | colorFromWire((pixel >> 8 & 0xF800) | (pixel >> 5 & 0x7E0)
                    | (pixel >> 3 & 0x1F));
            case ALPHA8 -> pixel & 0xFF000000;
        };
    }

    /** Brings every pixel of {@code area} (within {@code pixels}) to this depth, after a draw on it. */
    public void quantize(PixelBuffer pixels, Rect area) {
        if (this == RGB32) {
            return;
        }
        Rect inside = area.intersect(pixels.bounds());
        for (int y = inside.top(); y < inside.bottom(); y++) {
            for (int x = inside.left(); x < inside.right(); x++) {
                pixels.set(x, y, quantize(pixels.get(x, y)));
            }
        }
    }

    private static int widen5(int bits) {
        int value = bits & 0x1F;
        return value << 3 | value >> 2;
    }

    private static int widen6(int bits) {
        int value = bits & 0x3F;
        return value << 2 | value >> 4;
    }
}
