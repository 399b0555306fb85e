package dev.saffron.spice;

import java.io.IOException;

/**
 * Supplies a channel's connection when {@link SessionConfig#clientSockets()} is set: spice-gtk's
 * {@code open-fd} signal. The application connects a socket to the server itself (through an SSH tunnel,
 * say) and returns its file descriptor, which the session then owns and closes. Needs the
 * {@code saffron-native-bindings} module.
 */
@FunctionalInterface
public interface OpenFdHandler {
    /**
     * Called on the channel's own thread before it links; TLS cannot run over a supplied descriptor, so the
     * socket must lead to the server's plain-text port.
     *
     * @param channel the channel that needs a connection (its {@link SpiceChannel#type()} and
     *                {@link SpiceChannel#id()} say which)
     * @return an open, connected socket's file descriptor
     * @throws IOException when no connection can be made; the channel then fails to connect
     */
    int openFd(SpiceChannel channel) throws IOException;
}
