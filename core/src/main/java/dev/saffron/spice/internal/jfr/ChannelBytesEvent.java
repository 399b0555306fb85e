package dev.saffron.spice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A channel's traffic since its previous event: at most one a second per channel, while messages come. */
@Name("saffron.ChannelBytes")
@Label("Channel Bytes")
@Category({"Saffron", "Channel"})
@Description("Bytes and messages a channel received and sent since its previous event")
@StackTrace(false)
public final class ChannelBytesEvent extends Event {
    private static final ChannelBytesEvent PROBE = new ChannelBytesEvent();

    @Label("Channel")
    private String channel;

    @Label("Received")
    @DataAmount
    private long received;

    @Label("Sent")
    @DataAmount
    private long sent;

    @Label("Messages Received")
    private long messages;

    @Label("Interval")
    @Timespan
    private long intervalNanos;

    /** @return whether a recording wants these events */
    static boolean enabled() {
        return PROBE.isEnabled();
    }

    /** Commits an event; the caller asked {@link #enabled()} first. */
    public static void emit(String channel, long received, long sent, long messages, long intervalNanos) {
        ChannelBytesEvent event = new ChannelBytesEvent();
        event.channel = channel;
        event.received = received;
        event.sent = sent;
        event.messages = messages;
        event.intervalNanos = intervalNanos;
        event.commit();
    }
}
