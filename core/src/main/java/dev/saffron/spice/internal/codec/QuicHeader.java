package dev.saffron.spice.internal.codec;

import java.util.Objects;

/**
 * What the first five words of a QUIC stream say about the image in it.
 *
 * @param type   the pixel layout the stream codes
 * @param width  pixels per row, at least 1
 * @param height rows, at least 1
 */
public record QuicHeader(QuicImageType type, int width, int height) {
    /** @throws IllegalArgumentException if a dimension is not positive */
    public QuicHeader {
        Objects.requireNonNull(type, "type");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("QUIC image size must be positive: " + width + "x" + height);
        }
    }
}
