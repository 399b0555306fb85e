package dev.saffron.spice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A video stream frame that was never shown, and why. */
@Name("saffron.StreamFrameDropped")
@Label("Stream Frame Dropped")
@Category({"Saffron", "Display"})
@Description("A video stream frame not shown: it came late, the client fell behind, it did not decode, or its "
        + "surface went away")
@StackTrace(false)
public final class StreamFrameDroppedEvent extends Event {
    private static final StreamFrameDroppedEvent PROBE = new StreamFrameDroppedEvent();

    /** Why a frame was dropped. */
    public enum Reason {
        /** Its presentation time had passed when it arrived. */
        LATE,
        /** Too many frames of its stream were already waiting. */
        BACKLOG,
        /** The decoder failed on it or held it back. */
        UNDECODABLE,
        /** Its stream or surface was gone when its time came. */
        GONE
    }

    @Label("Stream")
    private int stream;

    @Label("Reason")
    private String reason;

    @Label("Margin")
    @Description("Milliseconds from arrival to the frame's presentation time; negative when it came late")
    private int marginMillis;

    /** Commits an event when a recording wants it. */
    static void emit(long stream, Reason reason, int marginMillis) {
        if (!PROBE.isEnabled()) {
            return;
        }
        StreamFrameDroppedEvent event = new StreamFrameDroppedEvent();
        event.stream = (int) stream;
        event.reason = reason.name();
        event.marginMillis = marginMillis;
        event.commit();
    }
}
