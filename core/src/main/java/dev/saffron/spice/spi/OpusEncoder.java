package dev.saffron.spice.spi;

import java.io.IOException;

/**
 * Encodes one Opus stream from interleaved signed 16-bit PCM at the rate and channel count it was opened with.
 * {@link #encode} and {@link #close} may be called from different threads; an encoder serves one call at a time.
 */
public interface OpusEncoder extends AutoCloseable {
    /**
     * Encodes one frame into one packet.
     *
     * @param pcm               holds the frame, interleaved, from {@code pcmOffset}
     * @param samplesPerChannel the frame's length: 2.5, 5, 10, 20, 40 or 60 ms at the opened rate
     * @param packet            receives the packet from {@code packetOffset}, at most {@code maxPacketBytes}
     * @return the packet's length in bytes
     * @throws IOException              if the packet does not fit {@code maxPacketBytes} or the encoder fails
     * @throws IllegalArgumentException  if {@code samplesPerChannel} is not a frame length Opus allows
     * @throws IndexOutOfBoundsException if the ranges do not fit {@code pcm} or {@code packet}
     * @throws IllegalStateException    if the encoder is closed
     */
    int encode(short[] pcm, int pcmOffset, int samplesPerChannel, byte[] packet, int packetOffset, int maxPacketBytes)
            throws IOException;

    /** Frees the encoder; idempotent, never throws. */
    @Override
    void close();
}
