package dev.saffron.spice.internal.codec;

/**
 * Compressed image data from the server is malformed, truncated, or asks for more than the limits allow.
 * The display channel logs it, skips the draw that carried the image, and stays up.
 */
public final class ImageDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong with the data, for a log line */
    public ImageDecodeException(String message) {
        super(message);
    }
}
