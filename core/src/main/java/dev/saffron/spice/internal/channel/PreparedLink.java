package dev.saffron.spice.internal.channel;

import dev.saffron.spice.internal.link.LinkResult;

/**
 * A channel's connection made ahead of time, for a migration: linked to the destination while the source
 * still serves, and handed to the channel when it switches.
 *
 * @param link       the link to the destination
 * @param connection the data stage already running over it (the main channel's, which the seamless handshake
 *                   read from), or null when nothing was read yet and the channel starts its own
 */
public record PreparedLink(LinkResult link, ChannelConnection connection) {
    /** Closes the connection; for a migration that will not happen. */
    public void close() {
        if (connection != null) {
            connection.close();
        }
        link.transport().close();
    }
}
