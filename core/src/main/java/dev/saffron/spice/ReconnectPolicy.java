package dev.saffron.spice;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether and how a {@link SpiceSession} connects again by itself when its connection drops after it was up
 * (the server restarted, the network was cut). spice-gtk has no such thing; kiosk clients wrapped it in a
 * shell loop instead.
 *
 * <p>Attempt {@code n} (1 for the first after a drop) waits {@link #delayBefore(int) initialDelay × 2^(n-1)},
 * at most {@link #maxDelay()}, then connects the main channel again; the session's channel objects stay the
 * same and relink. The session gives up, and ends, when the next attempt would pass {@link #maxAttempts()} or
 * start later than {@link #giveUpAfter()} after the drop; without either bound it tries until
 * {@link SpiceSession#disconnect()}.
 *
 * <p>Immutable and thread-safe; equality is by value.
 */
public final class ReconnectPolicy {
    private static final ReconnectPolicy NEVER = new ReconnectPolicy(false, Duration.ZERO, Duration.ZERO,
            OptionalInt.empty(), Optional.empty());

    private final boolean enabled;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final OptionalInt maxAttempts;
    private final Optional<Duration> giveUpAfter;

    private ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, OptionalInt maxAttempts,
                            Optional<Duration> giveUpAfter) {
        this.enabled = enabled;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
        this.giveUpAfter = giveUpAfter;
    }

    /** @return the policy that never reconnects: a drop ends the session, as in spice-gtk (the default) */
    public static ReconnectPolicy never() {
        return NEVER;
    }

    /**
     * @param initialDelay the wait before the first attempt after a drop; zero or more
     * @param maxDelay     the longest wait between attempts; at least {@code initialDelay}
     * @return a policy that reconnects with doubling waits and no give-up bound (add one with
     *         {@link #withMaxAttempts} or {@link #withGiveUpAfter})
     * @throws IllegalArgumentException for a negative delay or {@code maxDelay < initialDelay}
     */
    public static ReconnectPolicy backoff(Duration initialDelay, Duration maxDelay) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initial delay must not be negative: " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("max delay " + maxDelay + " is shorter than initial delay "
                    + initialDelay);
        }
        return new ReconnectPolicy(true, initialDelay, maxDelay, OptionalInt.empty(), Optional.empty());
    }

    /**
     * @param attempts how many attempts in a row may fail before the session gives up; 1 or more
     * @return this policy with that bound
     * @throws IllegalStateException on {@link #never()}
     */
    public ReconnectPolicy withMaxAttempts(int attempts) {
        requireEnabled();
        if (attempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1: " + attempts);
        }
        return new ReconnectPolicy(true, initialDelay, maxDelay, OptionalInt.of(attempts), giveUpAfter);
    }

    /**
     * @param limit how long after the drop the session may still start an attempt; positive
     * @return this policy with that bound
     * @throws IllegalStateException on {@link #never()}
     */
    public ReconnectPolicy withGiveUpAfter(Duration limit) {
        requireEnabled();
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("give-up time must be positive: " + limit);
        }
        return new ReconnectPolicy(true, initialDelay, maxDelay, maxAttempts, Optional.of(limit));
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new IllegalStateException("the never policy takes no bounds; start from backoff(...)");
        }
    }

    /** @return whether the session reconnects at all */
    public boolean enabled() {
        return enabled;
    }

    /** @return the wait before the first attempt after a drop (zero for {@link #never()}) */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** @return the longest wait between attempts (zero for {@link #never()}) */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** @return how many failed attempts in a row end the session; empty for no such bound */
    public OptionalInt maxAttempts() {
        return maxAttempts;
    }

    /** @return how long after a drop attempts may start; empty for no such bound */
    public Optional<Duration> giveUpAfter() {
        return giveUpAfter;
    }

    /**
     * @param attempt 1 for the first attempt after a drop
     * @return the wait before that attempt: the initial delay doubled {@code attempt - 1} times, at most the
     *         max delay
     */
    public Duration delayBefore(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
        Duration delay = initialDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.isZero() ? Duration.ofMillis(1) : delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /**
     * @param attempt   1 for the first attempt after a drop
     * @param sinceDrop how long ago the connection dropped, counting the wait before this attempt
     * @return whether the session may make that attempt
     */
    public boolean allows(int attempt, Duration sinceDrop) {
        return enabled
                && (maxAttempts.isEmpty() || attempt <= maxAttempts.getAsInt())
                && (giveUpAfter.isEmpty() || sinceDrop.compareTo(giveUpAfter.get()) <= 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReconnectPolicy that
                && enabled == that.enabled
                && initialDelay.equals(that.initialDelay)
                && maxDelay.equals(that.maxDelay)
                && maxAttempts.equals(that.maxAttempts)
                && giveUpAfter.equals(that.giveUpAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, initialDelay, maxDelay, maxAttempts, giveUpAfter);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "ReconnectPolicy[never]";
        }
        return "ReconnectPolicy[backoff " + initialDelay.toMillis() + "-" + maxDelay.toMillis() + " ms"
                + (maxAttempts.isPresent() ? ", " + maxAttempts.getAsInt() + " attempts" : "")
                + giveUpAfter.map(limit -> ", give up after " + limit.toMillis() + " ms").orElse("") + "]";
    }
}
