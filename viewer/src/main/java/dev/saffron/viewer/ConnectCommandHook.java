package dev.saffron.viewer;

import dev.saffron.spice.ReconnectHook;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Gives each reconnection attempt the connection file {@code --connect-command} prints, so that every attempt
 * links with a fresh ticket (and, should the file name another host, goes there). A failed command fails the
 * attempt, and the session tries again after its wait; the reason is said on standard error, once while it stays
 * the same, since a ticket service that is down would otherwise fill the kiosk's log once a second.
 */
final class ConnectCommandHook implements ReconnectHook {
    private final ConnectCommand command;
    private final SessionOptions options;
    private final PrintStream err;
    /** The last failure said; only the session's reconnect thread reads and writes it, one attempt at a time. */
    private volatile String lastFailure;

    /**
     * @param command the command
     * @param options the command line's session options, which the file's settings go over as for a .vv file
     * @param err     where failures are said
     */
    ConnectCommandHook(ConnectCommand command, SessionOptions options, PrintStream err) {
        this.command = Objects.requireNonNull(command, "command");
        this.options = Objects.requireNonNull(options, "options");
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public SessionConfig nextConfig(SessionConfig previous, int attempt) throws IOException {
        try {
            SessionConfig next = options.buildWith(command.run()).toBuilder()
                    .reconnectPolicy(previous.reconnectPolicy()).build();
            lastFailure = null;
            return next;
        } catch (SpiceException | UsageException e) {
            if (!e.getMessage().equals(lastFailure)) {
                lastFailure = e.getMessage();
                err.println("saffron: " + e.getMessage() + "; trying again");
            }
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("--connect-command was interrupted");
        }
    }
}
