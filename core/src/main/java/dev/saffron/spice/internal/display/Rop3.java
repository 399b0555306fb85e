package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * DRAW_ROP3: a ternary raster operation over the brush (pattern), an area of an image (source) and the
 * surface (destination).
 *
 * @param source     the image, already in 32 bits
 * @param sourceArea the area of the image that maps onto the box
 * @param brush      the brush; its colour, or 0 for no brush, when it is not a pattern
 * @param code       the u8 ternary raster operation code
 * @param scaleMode  how to scale when the sizes differ
 * @param mask       the mask, or null for none
 */
public record Rop3(PixelBuffer source, Rect sourceArea, Brush brush, int code, ScaleMode scaleMode, QMask mask) {
    /** Checks the parts are there. */
    public Rop3 {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceArea, "sourceArea");
        Objects.requireNonNull(brush, "brush");
        Objects.requireNonNull(scaleMode, "scaleMode");
    }
}
