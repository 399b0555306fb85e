package dev.saffron.spice.internal.link;

import dev.saffron.spice.internal.wire.Capabilities;

/**
 * What a successful link established.
 *
 * @param serverCommonCaps  the server's common capabilities
 * @param serverChannelCaps the server's capabilities for this channel type
 * @param miniHeader        whether data messages use the 6-byte header (both sides offered it)
 */
public record LinkResult(Capabilities serverCommonCaps, Capabilities serverChannelCaps, boolean miniHeader) {
}
