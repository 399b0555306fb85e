package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ProblemText;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a session's reconnect loop, from a drop (or a server's MIGRATE_SWITCH_HOST) until the main channel
 * is up again or the session gives up. Runs on a virtual thread of its own; {@link SpiceSession#disconnect()}
 * interrupts it. Each attempt waits as the {@link ReconnectPolicy} says, asks the {@link ReconnectHook} (if any)
 * for the configuration, relinks the main channel and waits, bounded, for the server's INIT; the other channels
 * relink when the server lists them again.
 */
final class SessionReconnect {
    private static final System.Logger LOG = System.getLogger(SessionReconnect.class.getName());

    private final SpiceSession session;
    private final SpiceException cause;
    /** A server's MIGRATE_SWITCH_HOST: the destination came from the server, so no hook and no ticket check. */
    private final boolean switchHost;
    private final long droppedAt = System.nanoTime();

    SessionReconnect(SpiceSession session, SpiceException cause, boolean switchHost) {
        this.session = session;
        this.cause = cause;
        this.switchHost = switchHost;
    }

    void run() {
        SessionConfig first = session.config();
        ReconnectPolicy policy = first.reconnectPolicy();
        // A switch-host with reconnect off still makes its one attempt, at once, as spice-gtk does.
        ReconnectPolicy effective = switchHost && !policy.enabled()
                ? ReconnectPolicy.backoff(Duration.ZERO, Duration.ZERO).withMaxAttempts(1) : policy;
        String spentTicket = first.singleUseTicket() ? first.password().orElse("") : null;
        SpiceException last = cause;
        try {
            session.awaitMainSuspended(first.connectTimeout());
        } catch (InterruptedException e) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            Duration delay = effective.delayBefore(attempt);
            if (!effective.allows(attempt, Duration.ofNanos(System.nanoTime() - droppedAt).plus(delay))) {
                session.reconnectGaveUp(last);
                return;
            }
            ReconnectHook hook = session.reconnectHook();
            if (!switchHost && hook == null && spentTicket != null) {
                session.reconnectGaveUp(new SpiceException(SpiceError.TICKET_SPENT, "the session's ticket was for "
                        + "one use and is spent, and no reconnect hook gives a fresh one", cause));
                return;
            }
            session.fireReconnecting(attempt, delay, last);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            if (session.isClosing()) {
                return;
            }
            if (!switchHost && hook != null) {
                try {
                    SessionConfig next = Objects.requireNonNull(hook.nextConfig(session.config(), attempt),
                            "the reconnect hook returned no configuration");
                    if (spentTicket != null && next.singleUseTicket()
                            && spentTicket.equals(next.password().orElse(""))) {
                        last = new SpiceException(SpiceError.TICKET_SPENT,
                                "the reconnect hook gave the single-use ticket that was already spent");
                        continue;
                    }
                    session.useConfig(next);
                } catch (IOException | RuntimeException e) {
                    last = e instanceof SpiceException spice ? spice : new SpiceException(SpiceError.FAILED,
                            "the reconnect hook failed: " + ProblemText.of(e), e);
                    LOG.log(System.Logger.Level.DEBUG, "reconnect attempt {0}: {1}", attempt, last.getMessage());
                    continue;
                }
            }
            SessionConfig attemptConfig = session.config();
            CompletableFuture<Void> up = session.relinkMain();
            long limit = 2 * attemptConfig.connectTimeout().toMillis();
            try {
                up.get(limit, TimeUnit.MILLISECONDS);
                session.reconnected(attempt);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (TimeoutException e) {
                last = new SpiceException(SpiceError.TIMEOUT, "the server did not start the session within "
                        + limit + " ms");
                session.dropMain();
            } catch (ExecutionException e) {
                last = e.getCause() instanceof SpiceException spice ? spice
                        : new SpiceException(SpiceError.FAILED, "reconnect failed: " + ProblemText.of(e.getCause()),
                        e.getCause());
            }
            spentTicket = attemptConfig.singleUseTicket() ? attemptConfig.password().orElse("") : spentTicket;
            LOG.log(System.Logger.Level.DEBUG, "reconnect attempt {0} failed: {1}", attempt, last.getMessage());
        }
    }
}
