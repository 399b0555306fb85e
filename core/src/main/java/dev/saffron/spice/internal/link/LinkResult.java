package dev.saffron.spice.internal.link;

import dev.saffron.spice.internal.transport.Transport;
import dev.saffron.spice.internal.wire.Capabilities;

/**
 * What a successful link established.
 *
 * @param serverCommonCaps  the server's common capabilities
 * @param serverChannelCaps the server's capabilities for this channel type
 * @param miniHeader        whether data messages use the 6-byte header (both sides offered it)
 * @param transport         the transport for the data messages: the linked one, or a SASL security layer
 *                          over it
 * @param earlyMessageSent  whether the channel's first message went out behind the ticket
 *                          ({@link EarlyMessage}), so the channel must not send it again
 */
public record LinkResult(Capabilities serverCommonCaps, Capabilities serverChannelCaps, boolean miniHeader,
                         Transport transport, boolean earlyMessageSent) {
}
