package dev.saffron.spice.internal.channel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The serial of the last message a channel has finished processing, which other channels may wait for
 * (WAIT_FOR_CHANNELS, INVAL_ALL_PIXMAPS). It belongs to the channel, not to its connection: a channel that has
 * not linked yet is waited for too, as spice-gtk does.
 */
public final class ProcessedSerial {
    private long serial;
    private boolean ended;

    /** Records that the message with this serial was processed. */
    public synchronized void processed(long value) {
        serial = value;
        notifyAll();
    }

    /** Wakes every waiter for good: the channel is gone and will never reach a later serial. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /**
     * Waits until the channel processed the message with the given serial.
     *
     * @return whether it was reached before the timeout or the channel's end
     */
    public synchronized boolean await(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (serial < target && !ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return serial >= target;
    }
}
