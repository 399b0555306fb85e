package dev.saffron.gl;

import java.io.Serial;

/** The viewer window cannot be opened: no display to show it on, or no usable OpenGL. */
public final class WindowException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what is missing, said so that a user can act on it */
    public WindowException(String message) {
        super(message);
    }

    /**
     * @param message what is missing
     * @param cause   the underlying failure
     */
    public WindowException(String message, Throwable cause) {
        super(message, cause);
    }
}
