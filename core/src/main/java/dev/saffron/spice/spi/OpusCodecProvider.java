package dev.saffron.spice.spi;

import java.util.Optional;

/**
 * A service that decodes and encodes Opus, the compressed mode of the playback and record channels. Core finds
 * providers through {@link java.util.ServiceLoader}, uses the one with the highest {@link #priority()} that works
 * here, and tells the server it takes Opus only when one does: {@code saffron-native-bindings} provides libopus,
 * {@code saffron-audio} a pure-Java codec.
 *
 * <p>Sample rates are those Opus defines (8000, 12000, 16000, 24000 or 48000 Hz), with one or two channels;
 * anything else is an {@link IllegalArgumentException}.
 */
public interface OpusCodecProvider {
    /** @return a short name for logs, such as {@code libopus} or {@code concentus} */
    String name();

    /** @return the preference among working providers: the highest wins, a native library above pure Java */
    int priority();

    /**
     * Opens a decoder for one stream.
     *
     * @param sampleRate the rate of the decoded PCM, in Hz
     * @param channels   1 or 2; decoded samples are interleaved
     * @return the decoder, which the caller closes; empty when this provider cannot work here (its library is
     *         missing)
     */
    Optional<OpusDecoder> openDecoder(int sampleRate, int channels);

    /**
     * Opens an encoder for one stream, tuned for general audio rather than speech.
     *
     * @param sampleRate the rate of the PCM to encode, in Hz
     * @param channels   1 or 2; samples are interleaved
     * @param bitrate    the target bit rate in bits per second (500 to 512000)
     * @return the encoder, which the caller closes; empty when this provider cannot work here
     */
    Optional<OpusEncoder> openEncoder(int sampleRate, int channels, int bitrate);
}
