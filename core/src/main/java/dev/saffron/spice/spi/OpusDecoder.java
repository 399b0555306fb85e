package dev.saffron.spice.spi;

import java.io.IOException;

/**
 * Decodes one Opus stream, packet after packet in the order they were sent, into interleaved signed 16-bit PCM
 * at the rate and channel count it was opened with. {@link #decode} and {@link #close} may be called from
 * different threads; a decoder serves one call at a time.
 */
public interface OpusDecoder extends AutoCloseable {
    /**
     * Decodes one packet. A packet that does not decode leaves the decoder usable for the next one.
     *
     * @param packet               holds the packet, exactly {@code length} bytes from {@code offset}; not retained
     * @param pcm                  receives the samples, interleaved, from {@code pcmOffset}; nothing is written
     *                             beyond {@code maxSamplesPerChannel} samples per channel
     * @param maxSamplesPerChannel the most samples per channel the caller takes (5760 holds any packet at 48 kHz)
     * @return the samples per channel written
     * @throws OpusFormatException      if the packet is empty, corrupt, or decodes to more than
     *                                  {@code maxSamplesPerChannel} samples per channel
     * @throws IOException              if the decoder fails otherwise
     * @throws IllegalArgumentException  if {@code maxSamplesPerChannel} is not positive
     * @throws IndexOutOfBoundsException if the ranges do not fit {@code packet} or {@code pcm}
     * @throws IllegalStateException    if the decoder is closed
     */
    int decode(byte[] packet, int offset, int length, short[] pcm, int pcmOffset, int maxSamplesPerChannel)
            throws IOException;

    /** Frees the decoder; idempotent, never throws. */
    @Override
    void close();
}
