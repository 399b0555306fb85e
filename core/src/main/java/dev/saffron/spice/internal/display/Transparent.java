package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * DRAW_TRANSPARENT: an area of an image copied onto the surface except for the pixels whose low 24 bits
 * equal the key colour's. Scaling always picks the nearest pixel.
 *
 * @param source     the image, already in 32 bits
 * @param sourceArea the area of the image that maps onto the box
 * @param trueColor  the key colour ({@code true_color}; spice-gtk ignores {@code src_color})
 */
public record Transparent(PixelBuffer source, Rect sourceArea, int trueColor) {
    /** Checks the parts are there. */
    public Transparent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceArea, "sourceArea");
    }
}
