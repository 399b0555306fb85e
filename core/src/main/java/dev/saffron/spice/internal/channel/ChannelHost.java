package dev.saffron.spice.internal.channel;

import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.internal.display.SharedDisplayState;
import dev.saffron.spice.internal.display.SurfaceBudget;
import dev.saffron.spice.internal.transport.Transport;

import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Everything a channel engine may ask of its session, and nothing more: engines never see
 * {@link SpiceSession}'s internals. The session implements it; the test harness implements it without a
 * server. Every method may be called from a channel's reader thread. The main channel, which starts the
 * session, has four calls more: {@link MainChannelHost}.
 */
public interface ChannelHost {
    /** @return the public session the channel's facade names as its own */
    SpiceSession session();

    /** @return the session's configuration */
    SessionConfig config();

    /** Runs a listener call on the session's event executor, in order; a call that throws is logged and skipped. */
    void fire(Runnable listenerCall);

    /** @return the server's multimedia time now, in milliseconds (an unsigned 32-bit clock) */
    long mmTime();

    /** Sets the multimedia clock to the server's {@code time}; a jump tells the session's listeners. */
    void setMmTime(long time);

    /** Opens the connection a channel links over, as the configuration says (TCP, TLS, Unix socket, descriptor). */
    Transport openTransport(ChannelEngine channel, boolean requireTls) throws SpiceException;

    /** Arms the link-stage time limit for a freshly connected transport; cancel it once linked. */
    ScheduledFuture<?> armLinkTimeout(Transport transport);

    /** @return {@code error}, or a timeout error naming the limit when the link timeout closed {@code transport} */
    SpiceException explainTimeout(SpiceException error, Transport transport);

    /** @return the recorder for a channel that just linked, or null when the session records nothing of it */
    MessageRecorder recorderFor(ChannelEngine channel, boolean miniHeader);

    /** The channel linked; the session tells listeners {@link ChannelEvent#OPENED}. */
    void channelOpened(ChannelEngine channel);

    /** The channel's connection ended; the session tells listeners and forgets the channel. */
    void channelEnded(ChannelEngine channel, ChannelEvent event, SpiceException error);

    /** @return how far another channel of the session got, for WAIT_FOR_CHANNELS; empty if it is not there */
    Optional<ProcessedSerial> processedSerial(int wireType, int id);

    /** @return the pixmap cache and GLZ window every display channel of the session shares */
    SharedDisplayState sharedDisplayState();

    /** @return the surface memory every display channel of the session shares */
    SurfaceBudget surfaceBudget();

    /**
     * The channel's connection ended without the application closing it. The host either keeps the channel
     * for a new connection ({@link ChannelEngine#relink}), as when the session reconnects or migrates, or lets
     * it end as before.
     *
     * @return whether the channel is kept, suspended, with no end event
     */
    default boolean suspendOnDrop(ChannelEngine channel, ChannelEvent event, SpiceException error) {
        return false;
    }

    /**
     * The source server sent base MIGRATE on the channel in a seamless migration.
     *
     * @return the destination link the session made for the channel, handed over once; empty when the session
     *         prepared no seamless migration
     */
    default Optional<PreparedLink> takeSeamlessDestination(ChannelEngine channel) {
        return Optional.empty();
    }

    /**
     * The channel now runs over its seamless migration destination. The host owns {@code source} from now on,
     * no longer read: it closes it once every channel has moved, since spice-server ends all of a client's
     * channels when the main channel's source connection closes.
     */
    default void seamlessSwitched(ChannelEngine channel, ChannelConnection source) {
        source.close();
    }
}
