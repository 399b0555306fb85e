package dev.saffron.spice.internal.channel;

import dev.saffron.spice.internal.jfr.ChannelBytesEvent;
import dev.saffron.spice.internal.jfr.SaffronEvents;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel's bytes and messages, for the {@link ChannelBytesEvent}: the reader counts what it receives, the
 * writers what they send, and the reader emits an event once a second while messages come and a recording
 * wants it. Counting is a field update per message; no clock is read while no recording is on.
 */
final class ChannelTraffic {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final String channel;
    /** Written by whichever thread writes, read by the reader. */
    private final AtomicLong sent = new AtomicLong();
    /** The reader's alone. */
    private long received;
    private long messages;
    private long sentAtLastEvent;
    private long lastEventNanos = System.nanoTime();

    ChannelTraffic(String channel) {
        this.channel = channel;
    }

    /** Counts bytes written; any thread. */
    void sent(long bytes) {
        sent.addAndGet(bytes);
    }

    /** Counts a message read, and emits an event when one is due; the reader's thread only. */
    void received(long bytes) {
        received += bytes;
        messages++;
        if (!SaffronEvents.channelBytesWanted()) {
            return;
        }
        long now = System.nanoTime();
        long interval = now - lastEventNanos;
        if (interval >= INTERVAL_NANOS) {
            long sentNow = sent.get();
            ChannelBytesEvent.emit(channel, received, sentNow - sentAtLastEvent, messages, interval);
            received = 0;
            messages = 0;
            sentAtLastEvent = sentNow;
            lastEventNanos = now;
        }
    }
}
