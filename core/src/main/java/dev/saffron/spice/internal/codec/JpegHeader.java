package dev.saffron.spice.internal.codec;

import java.util.Objects;

/**
 * What a JPEG's headers say about the image, read without decoding it.
 *
 * @param width      pixels per row, at least 1
 * @param height     rows, at least 1
 * @param colorSpace how the component samples become RGB
 */
public record JpegHeader(int width, int height, JpegColorSpace colorSpace) {
    /** @throws IllegalArgumentException if a dimension is not positive */
    public JpegHeader {
        Objects.requireNonNull(colorSpace, "colorSpace");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("JPEG size must be positive: " + width + "x" + height);
        }
    }

    /** @return width times height */
    public long pixelCount() {
        return (long) width * height;
    }

    /** @return how many components the image has */
    public int components() {
        return colorSpace == JpegColorSpace.GRAY ? 1 : 3;
    }
}
