package dev.saffron.spice.spi;

import java.io.IOException;

/** An Opus packet that does not decode: empty, corrupt, or longer than the caller's buffer takes. */
public final class OpusFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the packet, for logs */
    public OpusFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the packet, for logs
     * @param cause   the codec's own report of it
     */
    public OpusFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
