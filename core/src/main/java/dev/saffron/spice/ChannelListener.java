package dev.saffron.spice;

/**
 * Hears a channel's lifecycle. Called on the session's event executor, in order; must return quickly and must
 * not throw. After a terminal event ({@link ChannelEvent#isTerminal()}) no further calls are made for that
 * channel.
 */
public interface ChannelListener {
    /**
     * @param channel the channel
     * @param event   what happened
     * @param error   the reason for an error event; null for {@code OPENED}, {@code SWITCHING} and {@code CLOSED}
     */
    default void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
    }
}
