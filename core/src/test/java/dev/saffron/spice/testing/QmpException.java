package dev.saffron.spice.testing;

import java.io.IOException;
import java.util.Optional;

/**
 * A QMP exchange failed: QEMU answered a command with an error, sent something that is not QMP, closed
 * the socket, or did not answer in time.
 */
public final class QmpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String errorClass;

    /** @param message what went wrong, for people */
    public QmpException(String message) {
        super(message);
        this.errorClass = null;
    }

    /**
     * @param message    what went wrong, for people
     * @param errorClass the {@code class} of QEMU's {@code error} reply, e.g. {@code CommandNotFound}
     */
    public QmpException(String message, String errorClass) {
        super(message);
        this.errorClass = errorClass;
    }

    /** @return the {@code class} QEMU gave the error, empty when the failure was not an error reply */
    public Optional<String> errorClass() {
        return Optional.ofNullable(errorClass);
    }
}
