package dev.saffron.spice;

import java.time.Duration;

/**
 * The shape of a SPICE audio stream: signed 16-bit little-endian samples (the only format SPICE has), channels
 * interleaved, at {@code sampleRate} frames a second. spice-server sends stereo at 48 kHz.
 *
 * @param channels   samples per frame, 1 to 8
 * @param sampleRate frames per second, 8000 to 192000
 */
public record PcmFormat(int channels, int sampleRate) {
    public PcmFormat {
        if (channels < 1 || channels > 8) {
            throw new IllegalArgumentException("channels must be 1 to 8: " + channels);
        }
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate must be 8000 to 192000 Hz: " + sampleRate);
        }
    }

    /** @return bytes per frame (one sample of every channel) */
    public int bytesPerFrame() {
        return 2 * channels;
    }

    /** @return how many frames last {@code duration}, rounded down */
    public long framesIn(Duration duration) {
        return duration.toNanos() * sampleRate / 1_000_000_000L;
    }

    /** @return how long {@code frames} frames last */
    public Duration durationOf(long frames) {
        return Duration.ofNanos(frames * 1_000_000_000L / sampleRate);
    }
}
