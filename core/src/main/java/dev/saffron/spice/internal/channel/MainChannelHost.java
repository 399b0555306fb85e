package dev.saffron.spice.internal.channel;

import dev.saffron.spice.AnnouncedChannel;

import java.util.List;
import java.util.UUID;

/** What the main channel's engine may ask of its session besides what every channel may: it starts the session. */
public interface MainChannelHost extends ChannelHost {
    /** The server named the session (main INIT): its id, clock and memory hint. */
    void sessionStarted(long sessionId, long mmTime, long ramHintBytes);

    /** The server sent the guest's name. */
    void guestNamed(String name);

    /** The server sent the guest's UUID. */
    void guestIdentified(UUID uuid);

    /** The server listed its channels; the session opens those this client implements. */
    void channelsAnnounced(List<AnnouncedChannel> announced);
}
