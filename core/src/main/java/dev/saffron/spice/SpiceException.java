package dev.saffron.spice;

import java.io.IOException;
import java.util.Objects;

/**
 * The one exception type of the SPICE client: every failure carries a {@link SpiceError} code. Messages
 * never contain passwords, tickets or clipboard data.
 */
public class SpiceException extends IOException {
    private static final long serialVersionUID = 1L;

    private final SpiceError error;

    /**
     * @param error   what went wrong
     * @param message a one-line explanation for people
     */
    public SpiceException(SpiceError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * @param error   what went wrong
     * @param message a one-line explanation for people
     * @param cause   the underlying failure
     */
    public SpiceException(SpiceError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** @return the error code */
    public SpiceError error() {
        return error;
    }
}
