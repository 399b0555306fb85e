package dev.saffron.spice.internal.codec;

/**
 * The largest image a decoder accepts. Sizes come from the server, so every decoder checks a header
 * against these limits before it allocates or writes anything; an image beyond them is rejected with
 * {@link ImageDecodeException}.
 *
 * @param maxWidth  widest image, in pixels
 * @param maxHeight tallest image, in pixels
 * @param maxPixels most pixels (width times height, or stored bytes for palette images) in one image;
 *                  decoders may hold that many ints, so it is capped at {@link #PIXEL_CAP}
 */
public record ImageLimits(int maxWidth, int maxHeight, int maxPixels) {
    /**
     * The largest {@code maxPixels} allowed, 2<sup>30</sup>: far beyond any display, and small enough that
     * pixel counts plus a match length can never overflow an int.
     */
    public static final int PIXEL_CAP = 1 << 30;

    /** 16384 x 16384 at most, and no more than 64 Mi pixels (256 MiB as 32-bit pixels). */
    public static final ImageLimits DEFAULT = new ImageLimits(16384, 16384, 64 << 20);

    /** @throws IllegalArgumentException if a limit is not positive or maxPixels exceeds {@link #PIXEL_CAP} */
    public ImageLimits {
        if (maxWidth <= 0 || maxHeight <= 0 || maxPixels <= 0 || maxPixels > PIXEL_CAP) {
            throw new IllegalArgumentException(
                    "bad image limits " + maxWidth + "x" + maxHeight + ", " + maxPixels + " pixels");
        }
    }

    /**
     * @param width  width from the wire, as an unsigned 32-bit value in a long
     * @param height height from the wire, likewise
     * @param what   the codec, for the message
     * @throws ImageDecodeException if the size is empty or beyond these limits
     */
    void checkSize(long width, long height, String what) throws ImageDecodeException {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(what + ": empty image " + width + "x" + height);
        }
        if (width > maxWidth || height > maxHeight || width * height > maxPixels) {
            throw new ImageDecodeException(what + ": image " + width + "x" + height + " exceeds the limit of "
                    + maxWidth + "x" + maxHeight + ", " + maxPixels + " pixels");
        }
    }
}
