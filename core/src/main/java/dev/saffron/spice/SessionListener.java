package dev.saffron.spice;

import java.time.Duration;

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
     * The connection dropped and the session will connect again ({@link SessionConfig#reconnectPolicy()}).
     * Until {@link #reconnected}, the channels stay in the session, report {@code isOpen()} false, fire no end
     * events and send nothing; a display channel keeps its last picture.
     *
     * @param attempt 1 for the first attempt after the drop
     * @param delay   how long the session waits before this attempt
     * @param cause   why the connection dropped, or why the previous attempt failed
     */
    default void reconnecting(int attempt, Duration delay, SpiceException cause) {
    }

    /**
     * The session is up again after a drop: the main channel relinked and the server named the session. The
     * channel objects are the same as before; each fires {@link ChannelEvent#OPENED} again as it relinks, and
     * channels the server no longer offers (or newly offers) go ({@link #channelDestroy}) or come
     * ({@link #channelNew}).
     *
     * @param attempts how many attempts it took
     */
    default void reconnected(int attempts) {
    }

    /**
     * The session stopped trying to reconnect: the policy's bound was reached, or the ticket was single use and
     * no {@link ReconnectHook} gives a fresh one ({@link SpiceError#TICKET_SPENT}). {@link #sessionClosed} with
     * the same error follows.
     *
     * @param error why the last attempt failed, or why none could be made
     */
    default void reconnectGaveUp(SpiceException error) {
    }

    /**
     * The session's {@linkplain SpiceSession#migrationState() migration state} changed (spice-gtk's
     * {@code notify::migration-state}).
     */
    default void migrationStateChanged(MigrationState state) {
    }

    /**
     * The session ended: every channel is closed and no further calls follow.
     *
     * @param error why, when the session ended by failure rather than by {@link SpiceSession#disconnect()}
     */
    default void sessionClosed(SpiceException error) {
    }
}
