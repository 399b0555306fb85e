package dev.saffron.audio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The playback jitter buffer ran dry while the stream was playing: the output played silence. */
@Name("saffron.AudioUnderrun")
@Label("Audio Underrun")
@Category({"Saffron", "Audio"})
@Description("The playback buffer ran dry while the guest's stream was playing; the output played silence")
@StackTrace(false)
final class AudioUnderrunEvent extends Event {
    /** Asked whether the event is on, before one is made; never committed. */
    private static final AudioUnderrunEvent PROBE = new AudioUnderrunEvent();

    @Label("Since Last Packet")
    @Description("How long before running dry the last packet arrived")
    @Timespan
    private long sinceLastPacketNanos;

    @Label("Target")
    @Description("How much audio the buffer holds back before it plays")
    @Timespan
    private long targetNanos;

    /** Commits an event when a recording wants it. */
    static void emit(long sinceLastPacketNanos, long targetNanos) {
        if (!PROBE.isEnabled()) {
            return;
        }
        AudioUnderrunEvent event = new AudioUnderrunEvent();
        event.sinceLastPacketNanos = sinceLastPacketNanos;
        event.targetNanos = targetNanos;
        event.commit();
    }
}
