package dev.saffron.spice.internal.jfr;

import jdk.jfr.FlightRecorder;

/**
 * Where the code that emits Saffron's events asks for them. Each method first asks whether Flight Recorder
 * runs in this JVM at all, and only then touches an event class: initializing an event class registers it with
 * Flight Recorder, which starts JFR's metadata machinery (about 110 classes, 0.3 s measured on the development
 * machine) in a process that records nothing. Once JFR runs (a recording started by the command line, by
 * {@code jcmd JFR.start} or in code), the events register on first use and follow the recording's settings.
 */
public final class SaffronEvents {
    private SaffronEvents() {
    }

    /** @return a started {@link ImageDecodedEvent} when a recording wants one, otherwise null */
    public static ImageDecodedEvent imageDecodeStarted() {
        return FlightRecorder.isInitialized() ? ImageDecodedEvent.startIfEnabled() : null;
    }

    /** @return a started {@link DrawEvent} when a recording wants one, otherwise null */
    public static DrawEvent drawStarted() {
        return FlightRecorder.isInitialized() ? DrawEvent.startIfEnabled() : null;
    }

    /** Records a {@link StreamFrameDroppedEvent} when a recording wants one. */
    public static void streamFrameDropped(long stream, StreamFrameDroppedEvent.Reason reason, int marginMillis) {
        if (FlightRecorder.isInitialized()) {
            StreamFrameDroppedEvent.emit(stream, reason, marginMillis);
        }
    }

    /** @return whether a recording wants {@link ChannelBytesEvent}s */
    public static boolean channelBytesWanted() {
        return FlightRecorder.isInitialized() && ChannelBytesEvent.enabled();
    }
}
