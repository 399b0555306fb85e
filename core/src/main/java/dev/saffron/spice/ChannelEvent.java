package dev.saffron.spice;

/** What happened to a channel's connection; mirrors spice-gtk's {@code SpiceChannelEvent}. */
public enum ChannelEvent {
    /** The link succeeded; messages flow. */
    OPENED,
    /** The channel is moving to another server (migration). */
    SWITCHING,
    /** The channel closed normally: the application or the server asked for it. */
    CLOSED,
    /** The server could not be reached. */
    ERROR_CONNECT,
    /** TLS failed. */
    ERROR_TLS,
    /** The server refused the link or broke the link protocol. */
    ERROR_LINK,
    /** Authentication failed or credentials are missing. */
    ERROR_AUTH,
    /** The connection broke, or the server broke the protocol, after the link. */
    ERROR_IO;

    /** @return whether this event ends the channel's connection */
    public boolean isTerminal() {
        return this != OPENED && this != SWITCHING;
    }
}
