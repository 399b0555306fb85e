package dev.saffron.spice.internal.display;

/**
 * A draw command asks for something the canvas cannot do safely or does not support: source areas outside
 * their image where spice-common would read out of bounds, sizes beyond the canvas limits, or an operator
 * Saffron leaves out. The display channel logs it and skips the draw; the surface is left as it was.
 */
public final class CanvasException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong with the draw, for a log line */
    public CanvasException(String message) {
        super(message);
    }
}
