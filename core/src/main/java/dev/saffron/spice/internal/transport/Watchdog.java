package dev.saffron.spice.internal.transport;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * Closes a transport that did not finish a blocking step in time. Blocking socket reads ignore timeouts, so
 * the only way to bound the link stage is to close the socket from outside, which wakes the reader.
 */
public final class Watchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("spice-watchdog").factory());

    private Watchdog() {
    }

    /**
     * @param onExpiry runs (on the timer thread) if the returned future is not cancelled within {@code limit}
     */
    public static ScheduledFuture<?> arm(Duration limit, Runnable onExpiry) {
        return TIMER.schedule(onExpiry, limit.toNanos(), TimeUnit.NANOSECONDS);
    }
}
