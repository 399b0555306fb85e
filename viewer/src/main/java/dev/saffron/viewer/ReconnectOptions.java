package dev.saffron.viewer;

import dev.saffron.spice.ReconnectPolicy;

import java.time.Duration;
import java.util.Optional;

/**
 * The viewer's reconnect options: {@code --reconnect}, {@code --no-reconnect} and {@code --connect-command}.
 * remote-viewer has none of them; kiosks wrapped it in a shell loop that fetched a new ticket after each
 * disconnect. In kiosk mode reconnecting is on unless {@code --kiosk-quit on-disconnect} asks for
 * remote-viewer's behaviour (end at the disconnect, for such a loop to start the next viewer).
 */
final class ReconnectOptions {
    static final String HELP = """
              --reconnect                           when the connection drops, show the last picture dimmed and
                                                    connect again, waiting 0.25 s, then doubling up to 1 s
                                                    between attempts, until it works or the window is closed
                                                    (default in kiosk mode without --kiosk-quit on-disconnect)
              --no-reconnect                        a dropped connection ends the session (the default otherwise)
              --connect-command=CMD                 before every connection and reconnection, run CMD with
                                                    /bin/sh and read a virt-viewer connection file (.vv) from
                                                    its output, for a fresh ticket each time; no URI then. It
                                                    has 20 s and 1 MiB; a failure is said and, when
                                                    reconnecting, retried
            """;

    /**
     * The first attempt comes soon, for a short cut; the waits stay short, so that a server back after a restart
     * shows within about a second, and cost nothing on a loopback or LAN while it is down.
     */
    static final ReconnectPolicy POLICY = ReconnectPolicy.backoff(Duration.ofMillis(250), Duration.ofSeconds(1));

    private Optional<Boolean> reconnect = Optional.empty();
    private Optional<ConnectCommand> connectCommand = Optional.empty();

    /**
     * Consumes {@code word} (and its value) if it is a reconnect option.
     *
     * @return whether it was one
     */
    boolean accept(String word, Arguments args) throws UsageException {
        String name = Arguments.optionName(word);
        switch (name) {
            case "--reconnect" -> reconnect = Optional.of(true);
            case "--no-reconnect" -> reconnect = Optional.of(false);
            case "--connect-command" -> {
                String command = args.value(word);
                if (command.isBlank()) {
                    throw new UsageException("--connect-command needs a command");
                }
                connectCommand = Optional.of(new ConnectCommand(command, ConnectCommand.DEFAULT_TIME_LIMIT));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** @return the command that gives each connection's connection file, if one was given */
    Optional<ConnectCommand> connectCommand() {
        return connectCommand;
    }

    /**
     * @param kiosk                 whether {@code -k} was given
     * @param kioskQuitOnDisconnect whether {@code --kiosk-quit on-disconnect} was given
     * @return the policy: {@code --reconnect} or {@code --no-reconnect} when given, else on in kiosk mode unless
     *         the kiosk is to quit on disconnect, and off outside kiosk mode as in remote-viewer
     */
    ReconnectPolicy policy(boolean kiosk, boolean kioskQuitOnDisconnect) {
        boolean on = reconnect.orElse(kiosk && !kioskQuitOnDisconnect);
        return on ? POLICY : ReconnectPolicy.never();
    }
}
