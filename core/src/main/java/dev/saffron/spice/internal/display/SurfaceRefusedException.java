package dev.saffron.spice.internal.display;

/**
 * A surface the client would not allocate: it would take the session's surface memory past its
 * {@linkplain SurfaceBudget budget}, or the memory could not be had. The channel goes on without it; draws
 * to it are skipped.
 */
public final class SurfaceRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and why, naming the budget */
    public SurfaceRefusedException(String message) {
        super(message);
    }
}
