package dev.saffron.spice;

import java.io.IOException;

/**
 * Supplies the configuration for each reconnection attempt, so that a session whose tickets expire (Proxmox
 * and oVirt hand out tickets valid for seconds, some for one use) can fetch fresh credentials, or even a new
 * host, before it connects again. Set with {@link SpiceSession#setReconnectHook}; used only when the
 * {@link SessionConfig#reconnectPolicy()} reconnects.
 *
 * <p>The first connection uses the config the session was created with; the hook runs before every later
 * attempt, on a thread of the session's own (never the event executor), and the session waits for it: it may
 * block, run a command or ask a server, but should bound how long it takes.
 */
@FunctionalInterface
public interface ReconnectHook {
    /**
     * @param previous the configuration of the last attempt (or of the connection that dropped)
     * @param attempt  1 for the first attempt after a drop
     * @return the configuration to connect with from now on, usually {@code previous.toBuilder()} with a new
     *         password or host ({@link SpiceSession#config()} returns it once the attempt starts); what the
     *         session reads only when it is created (proxy, GL scanout, surface budget, cache and GLZ window
     *         sizes) keeps its first value
     * @throws IOException when no configuration can be had now: the attempt counts as failed, and the session
     *                     waits and calls again as its policy says
     */
    SessionConfig nextConfig(SessionConfig previous, int attempt) throws IOException;
}
