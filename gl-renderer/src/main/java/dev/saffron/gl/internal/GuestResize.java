package dev.saffron.gl.internal;

import java.util.Optional;

/**
 * When to ask the guest for the window's size, as spice-gtk's resize-guest does: a size is sent once the window
 * has kept it for a moment, so that dragging a border sends one request rather than one per pixel, and never
 * twice in a row. Window thread only.
 */
public final class GuestResize {
    /** A size in guest pixels. */
    public record Size(int width, int height) {
    }

    private final long settleNanos;
    private Size wanted;
    private long wantedSince;
    private Size sent;

    /** @param settleNanos how long a size must stay before it is sent (spice-gtk waits one second) */
    public GuestResize(long settleNanos) {
        this.settleNanos = settleNanos;
    }

    /** The window's drawable area is now this many pixels; sizes with a zero side (minimised) are ignored. */
    public void windowSized(int width, int height, long nowNanos) {
        if (width <= 0 || height <= 0) {
            return;
        }
        Size size = new Size(width, height);
        if (!size.equals(wanted)) {
            wanted = size;
            wantedSince = nowNanos;
        }
    }

    /** Forgets what was sent, so that the current size goes again: a new agent knows nothing of it. */
    public void resend() {
        sent = null;
    }

    /** @return the size to send now, if one settled and differs from the last one sent; then counts it as sent */
    public Optional<Size> due(long nowNanos) {
        if (wanted == null || wanted.equals(sent) || nowNanos - wantedSince < settleNanos) {
            return Optional.empty();
        }
        sent = wanted;
        return Optional.of(wanted);
    }

    /** @return nanoseconds until {@link #due} has something, or -1 when nothing waits */
    public long nanosUntilDue(long nowNanos) {
        if (wanted == null || wanted.equals(sent)) {
            return -1;
        }
        return Math.max(0, settleNanos - (nowNanos - wantedSince));
    }
}
