package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;
import jdk.jfr.FlightRecorder;

import java.time.Duration;
import java.util.Arrays;

/**
 * The queue between the network and a sound output: the network adds packets as they come, unevenly; the output
 * takes a fixed period at the pace of its own clock. It holds back {@code target} of audio before it plays, so
 * that late packets still arrive in time, and again after it ran dry (each time it ran dry counts as one
 * underrun). The output's clock and the server's never run at exactly the same rate: when more than
 * {@link #DRIFT_MARGIN} beyond the target builds up, one frame in every {@link #DRIFT_SKIP_EVERY} is skipped
 * (0.2 %, inaudible) until it is back, so the delay stays put over hours instead of growing; when the queue
 * falls that far below the target, one frame in as many plays twice, so a slow server clock does not run it
 * dry. Thread-safe.
 */
final class JitterBuffer {
    private static final System.Logger LOG = System.getLogger(JitterBuffer.class.getName());
    static final Duration DRIFT_MARGIN = Duration.ofMillis(40);
    static final int DRIFT_SKIP_EVERY = 500;
    /** Beyond this much queued audio, new packets are dropped: a stalled output must not grow memory. */
    static final Duration CAPACITY = Duration.ofSeconds(2);

    private final PcmFormat format;
    private final short[] ring;
    private int head;
    private int queued;
    private long targetFrames;
    private boolean primed;
    private boolean draining;
    private long underruns;
    private long overflows;
    private int framesSinceSkip;
    private long lastWriteNanos = System.nanoTime();
    private long skippedFrames;
    private long repeatedFrames;

    JitterBuffer(PcmFormat format, Duration target) {
        this.format = format;
        this.ring = new short[(int) format.framesIn(CAPACITY) * format.channels()];
        setTarget(target);
    }

    PcmFormat format() {
        return format;
    }

    /** Sets how much is held back before playing; at most half the capacity. */
    synchronized void setTarget(Duration target) {
        targetFrames = Math.min(format.framesIn(target), ring.length / format.channels() / 2);
    }

    /** Queues samples (whole frames); what does not fit is dropped and counted. */
    synchronized void write(short[] samples) {
        int length = Math.min(samples.length, ring.length - queued);
        if (length < samples.length) {
            overflows++;
        }
        int tail = (head + queued) % ring.length;
        int first = Math.min(length, ring.length - tail);
        System.arraycopy(samples, 0, ring, tail, first);
        System.arraycopy(samples, first, ring, 0, length - first);
        queued += length;
        draining = false;
        lastWriteNanos = System.nanoTime();
    }

    /**
     * A new stream begins: it is held back until the target is queued, as the first stream was, even if the last
     * one's end is still playing out (which then waits with it); otherwise its first packets would play at once
     * and run dry before the next ones came.
     */
    synchronized void restart() {
        primed = false;
        draining = false;
    }

    /** The stream ended: what is queued plays out without waiting for the target, and running dry is no underrun. */
    synchronized void drain() {
        draining = true;
        primed = queued > 0;
    }

    /** Drops everything queued. */
    synchronized void clear() {
        queued = 0;
        primed = false;
        draining = false;
    }

    /**
     * Fills {@code out} with the next {@code frames} frames: queued audio once primed, silence otherwise.
     *
     * @return whether any of it was audio
     */
    synchronized boolean read(short[] out, int frames) {
        int channels = format.channels();
        int wanted = frames * channels;
        if (!primed && !draining && queued > 0 && queued >= targetFrames * channels) {
            primed = true;
        }
        if (!primed) {
            Arrays.fill(out, 0, wanted, (short) 0);
            return false;
        }
        int written = 0;
        long margin = format.framesIn(DRIFT_MARGIN);
        if (queued > (targetFrames + margin) * channels) {
            framesSinceSkip += frames;
            while (framesSinceSkip >= DRIFT_SKIP_EVERY && queued > wanted) {
                framesSinceSkip -= DRIFT_SKIP_EVERY;
                head = (head + channels) % ring.length;
                queued -= channels;
                skippedFrames++;
            }
        } else if (!draining && queued < (targetFrames - margin) * channels && queued >= wanted) {
            // The server's clock runs slower than the output's: one frame plays twice in every 500 until the
            // queue is back, rather than run dry.
            framesSinceSkip += frames;
            if (framesSinceSkip >= DRIFT_SKIP_EVERY) {
                framesSinceSkip -= DRIFT_SKIP_EVERY;
                System.arraycopy(ring, head, out, 0, channels);
                written = channels;
                repeatedFrames++;
            }
        }
        while (written < wanted && queued > 0) {
            int run = Math.min(Math.min(wanted - written, queued), ring.length - head);
            System.arraycopy(ring, head, out, written, run);
            head = (head + run) % ring.length;
            queued -= run;
            written += run;
        }
        if (written < wanted) {
            Arrays.fill(out, written, wanted, (short) 0);
            primed = false;
            if (!draining) {
                underruns++;
                // Only once Flight Recorder runs: initializing an event class starts JFR's machinery (0.3 s).
                if (FlightRecorder.isInitialized()) {
                    AudioUnderrunEvent.emit(System.nanoTime() - lastWriteNanos,
                            format.durationOf(targetFrames).toNanos());
                }
                LOG.log(System.Logger.Level.DEBUG, "ran dry {0} ms after the last packet arrived (target {1} ms)",
                        (System.nanoTime() - lastWriteNanos) / 1_000_000, format.durationOf(targetFrames).toMillis());
            }
            draining = false;
        }
        return written > 0;
    }

    /** @return how long the queued audio lasts */
    synchronized Duration queued() {
        return format.durationOf(queued / format.channels());
    }

    synchronized long underruns() {
        return underruns;
    }

    synchronized long overflows() {
        return overflows;
    }

    /** @return frames played twice to keep the queue from running dry when the server's clock is slow */
    synchronized long repeatedFrames() {
        return repeatedFrames;
    }

    /** @return frames skipped to keep the delay from growing */
    synchronized long skippedFrames() {
        return skippedFrames;
    }
}
