package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * An image as DRAW_COMPOSITE samples it: 32-bit pixels or 8-bit alpha, a filter, a repeat mode and an
 * optional transform. Exactly one of {@code pixels} and {@code alpha} is present.
 *
 * @param pixels    32-bit pixels; without alpha they read as opaque
 * @param alpha     8-bit alpha, read as {@code a << 24}
 * @param filter    how samples between pixels are computed
 * @param repeat    what samples outside the image read
 * @param transform destination-to-source transform, or null for none
 */
public record Picture(PixelBuffer pixels, AlphaBuffer alpha, Filter filter, Repeat repeat,
        Transform transform) {
    /** Checks that exactly one image is present. */
    public Picture {
        if ((pixels == null) == (alpha == null)) {
            throw new IllegalArgumentException("a picture has either 32-bit pixels or 8-bit alpha");
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(repeat, "repeat");
    }

    /**
     * @param pixels    the image
     * @param filter    its filter
     * @param repeat    its repeat mode
     * @param transform its transform, or null
     * @return a picture of 32-bit pixels
     */
    public static Picture of(PixelBuffer pixels, Filter filter, Repeat repeat, Transform transform) {
        return new Picture(pixels, null, filter, repeat, transform);
    }

    /**
     * @param alpha     the image
     * @param filter    its filter
     * @param repeat    its repeat mode
     * @param transform its transform, or null
     * @return a picture of 8-bit alpha
     */
    public static Picture of(AlphaBuffer alpha, Filter filter, Repeat repeat, Transform transform) {
        return new Picture(null, alpha, filter, repeat, transform);
    }
}
