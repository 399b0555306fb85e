package dev.saffron.spice.internal.codec;

import java.util.Objects;

/**
 * The header of an LZ stream (LZ_RGB, LZ_PLT, and the alpha plane of JPEG_ALPHA), as read by
 * {@link LzDecoder#parseHeader}.
 *
 * @param type    what the stream codes
 * @param width   width in pixels
 * @param height  height in pixels
 * @param stride  bytes per source row; for palette types the coded rows are this long, padding included
 * @param topDown whether the first coded row is the top one (otherwise it is the bottom one)
 */
public record LzHeader(LzImageType type, int width, int height, int stride, boolean topDown) {
    /** @throws IllegalArgumentException if a size is not positive */
    public LzHeader {
        Objects.requireNonNull(type, "type");
        if (width <= 0 || height <= 0 || stride <= 0) {
            throw new IllegalArgumentException("bad LZ image size " + width + "x" + height + " stride " + stride);
        }
    }

    /** @return how many units the stream codes: bytes for palette types, pixels for the others */
    long codedUnits() {
        return type.isPalette() ? (long) stride * height : (long) width * height;
    }
}
