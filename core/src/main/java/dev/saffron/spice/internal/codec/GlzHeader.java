package dev.saffron.spice.internal.codec;

import java.util.Objects;

/**
 * The header of a GLZ stream (GLZ_RGB, and ZLIB_GLZ_RGB once inflated), as read by
 * {@link GlzDecoder#parseHeader}.
 *
 * @param type        what the stream codes: RGB16, RGB24, RGB32 or RGBA
 * @param width       width in pixels
 * @param height      height in pixels
 * @param stride      the source's bytes per row; informational, as in spice-gtk
 * @param topDown     whether the first coded row is the top one (otherwise it is the bottom one)
 * @param imageId     this image's id in the session's GLZ window
 * @param winHeadDist how far back the server's window reaches from this image: once every image up to this
 *                    one has arrived, images older than {@code imageId - winHeadDist} are no longer needed
 */
public record GlzHeader(LzImageType type, int width, int height, long stride, boolean topDown,
                        long imageId, long winHeadDist) {
    /** @throws IllegalArgumentException if a size or id is out of range */
    public GlzHeader {
        Objects.requireNonNull(type, "type");
        if (width <= 0 || height <= 0 || stride < 0 || imageId < 0 || winHeadDist < 0 || winHeadDist > imageId) {
            throw new IllegalArgumentException("bad GLZ header " + width + "x" + height + " stride " + stride
                    + " id " + imageId + " head distance " + winHeadDist);
        }
    }

    /** @return the number of pixels the image holds */
    int pixelCount() {
        return width * height;
    }
}
