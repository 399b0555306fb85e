package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * DRAW_ALPHA_BLEND: an area of an image composited OVER the surface, scaled by an overall alpha; scaling
 * always picks the nearest pixel.
 *
 * <p>Whether the image has alpha is the caller's to settle in {@code source.hasAlpha()}, as spice-gtk does:
 * a decoded image has alpha when its format does; a surface used as the source has alpha when its format is
 * ARGB or the draw sets {@code SRC_SURFACE_HAS_ALPHA}.
 *
 * @param source       the image, already in 32 bits
 * @param sourceArea   the area of the image that maps onto the box
 * @param alpha        the overall alpha, 0 to 255; 0 draws nothing
 * @param destHasAlpha {@code DEST_HAS_ALPHA}: the surface's top byte is alpha even if its format is xRGB
 */
public record AlphaBlend(PixelBuffer source, Rect sourceArea, int alpha, boolean destHasAlpha) {
    /** Checks the parts are there. */
    public AlphaBlend {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceArea, "sourceArea");
        if (alpha < 0 || alpha > 255) {
            throw new IllegalArgumentException("alpha " + alpha + " is not a u8");
        }
    }
}
