package dev.saffron.spice;

/**
 * Hears a session: channels appearing and going, their lifecycle events, and multimedia-time jumps. Called on
 * the session's event executor, one call at a time, in the order things happened; must return quickly and must
 * not throw. {@link #sessionClosed} is the last call.
 */
public interface SessionListener extends ChannelListener {
    /** A channel was created; it starts connecting right after this call. */
    default void channelNew(SpiceChannel channel) {
    }

    /** A channel was closed and removed from the session. */
    default void channelDestroy(SpiceChannel channel) {
    }

    /** The server's multimedia clock jumped (spice-gtk's {@code mm-time-reset}); restart A/V timing. */
    default void mmTimeReset() {
    }

    /**
     * The session ended: every channel is closed and no further calls follow.
     *
     * @param error why, when the session ended by failure rather than by {@link SpiceSession#disconnect()}
     */
    default void sessionClosed(SpiceException error) {
    }
}
