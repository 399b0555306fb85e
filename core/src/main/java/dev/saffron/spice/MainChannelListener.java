package dev.saffron.spice;

import java.util.Set;

/** Hears main-channel state changes; same threading rules as {@link ChannelListener}. */
public interface MainChannelListener extends ChannelListener {
    /** The supported or current mouse mode changed. */
    default void mouseModeChanged(MainChannel channel, Set<MouseMode> supported, MouseMode current) {
    }

    /** The guest agent connected or disconnected, or its token count changed. */
    default void agentStateChanged(MainChannel channel, boolean connected, long tokens) {
    }

    /** The server listed its channels; the session opens those this client implements. */
    default void channelsListed(MainChannel channel) {
    }
}
