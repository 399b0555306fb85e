package dev.saffron.spice;

import java.time.Duration;
import java.util.List;

/** Hears a playback channel: the guest's sound, decoded; same threading rules as {@link ChannelListener}. */
public interface PlaybackChannelListener extends ChannelListener {
    /** The guest started playing a stream in {@code format}; the server sends it as {@code encoding}. */
    default void playbackStarted(PlaybackChannel channel, PcmFormat format, AudioEncoding encoding) {
    }

    /** The next block of the stream, decoded, in order and without gaps other than what the server left out. */
    default void playbackData(PlaybackChannel channel, PcmPacket packet) {
    }

    /** The stream ended: play out what is queued. */
    default void playbackStopped(PlaybackChannel channel) {
    }

    /** The guest's mixer set each channel's level, 0 (silent) to 65535 (full). */
    default void volumeChanged(PlaybackChannel channel, List<Integer> levels) {
    }

    /** The guest's mixer muted or unmuted its output. */
    default void muteChanged(PlaybackChannel channel, boolean muted) {
    }

    /** The server asks the client to buffer at least {@code minimum} before playing (it starts at 200 ms). */
    default void latencyChanged(PlaybackChannel channel, Duration minimum) {
    }
}
