package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * DRAW_COPY, and DRAW_BLEND, which spice-common draws the same way: an area of an image combined with the
 * surface by a ROP descriptor, scaled when the area and the box differ in size.
 *
 * @param source        the image, already in 32 bits
 * @param sourceArea    the area of the image that maps onto the box
 * @param ropDescriptor the u16 ROP descriptor; the image is its source
 * @param scaleMode     how to scale when the sizes differ
 * @param mask          the mask, or null for none
 */
public record Copy(PixelBuffer source, Rect sourceArea, int ropDescriptor, ScaleMode scaleMode, QMask mask) {
    /** Checks the parts are there. */
    public Copy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceArea, "sourceArea");
        Objects.requireNonNull(scaleMode, "scaleMode");
    }
}
