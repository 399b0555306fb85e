package dev.saffron.spice.internal.channel;

import dev.saffron.spice.AnnouncedChannel;
import dev.saffron.spice.internal.main.MigrationDestination;

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

    /**
     * MIGRATE_BEGIN or MIGRATE_BEGIN_SEAMLESS: the session links to the destination while this server still
     * serves, then answers on this channel (MIGRATE_CONNECTED, _SEAMLESS or MIGRATE_CONNECT_ERROR).
     */
    default void migrationBegin(MigrationDestination destination) {
    }

    /** MIGRATE_CANCEL: the source keeps the session; the links to the destination are dropped. */
    default void migrationCancel() {
    }

    /** MIGRATE_END (semi-seamless): the session moves every channel to the destination it linked to. */
    default void migrationEnd() {
    }

    /** MIGRATE_SWITCH_HOST: the session connects afresh to the given server. */
    default void switchHost(MigrationDestination destination) {
    }

    /**
     * @return whether this main channel is the destination's, at the end of a semi-seamless migration: it then
     *         sends MIGRATE_END first, and attaches no channels after INIT, as they move over linked
     */
    default boolean finishingMigration() {
        return false;
    }
}
