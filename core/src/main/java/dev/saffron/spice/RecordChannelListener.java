package dev.saffron.spice;

import java.util.List;

/** Hears a record channel: when the guest wants the microphone; same threading rules as {@link ChannelListener}. */
public interface RecordChannelListener extends ChannelListener {
    /**
     * The guest started recording and wants audio in {@code format}, through {@link RecordChannel#send}; the
     * channel sends it to the server as {@code encoding}.
     */
    default void recordStarted(RecordChannel channel, PcmFormat format, AudioEncoding encoding) {
    }

    /** The guest stopped recording; what is sent now is discarded. */
    default void recordStopped(RecordChannel channel) {
    }

    /** The guest's mixer set the capture level of each channel, 0 (silent) to 65535 (full). */
    default void volumeChanged(RecordChannel channel, List<Integer> levels) {
    }

    /** The guest's mixer muted or unmuted its capture. */
    default void muteChanged(RecordChannel channel, boolean muted) {
    }
}
