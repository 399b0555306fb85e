package dev.saffron.spice;

import java.util.Optional;

/**
 * A channel the server listed in CHANNELS_LIST, whether or not this client opens it.
 *
 * @param wireType the channel-type byte as sent
 * @param id       the channel id
 */
public record AnnouncedChannel(int wireType, int id) {
    /** @return the channel type, or empty for a type this client does not know */
    public Optional<ChannelType> type() {
        return ChannelType.fromWire(wireType);
    }

    @Override
    public String toString() {
        return type().map(ChannelType::spiceName).orElse("type-" + wireType) + "-" + id;
    }
}
