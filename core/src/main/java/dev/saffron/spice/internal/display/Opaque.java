package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * DRAW_OPAQUE: an area of an image copied onto the surface as is (scaled when needed), then the brush
 * combined with that copy by the ROP descriptor, in which {@code INVERS_BRUSH} inverts the brush and
 * {@code INVERS_SRC} the copied image.
 *
 * @param source        the image, already in 32 bits
 * @param sourceArea    the area of the image that maps onto the box
 * @param brush         the brush
 * @param ropDescriptor the u16 ROP descriptor
 * @param scaleMode     how to scale when the sizes differ
 * @param mask          the mask, or null for none
 */
public record Opaque(PixelBuffer source, Rect sourceArea, Brush brush, int ropDescriptor, ScaleMode scaleMode,
        QMask mask) {
    /** Checks the parts are there. */
    public Opaque {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceArea, "sourceArea");
        Objects.requireNonNull(brush, "brush");
        Objects.requireNonNull(scaleMode, "scaleMode");
    }
}
