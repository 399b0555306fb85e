package dev.saffron.spice.testing;

import java.io.IOException;

/** A file is not a binary PPM (P6, maxval 255) image, or it is truncated, oversized or has extra bytes. */
public final class PpmFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and where */
    public PpmFormatException(String message) {
        super(message);
    }
}
