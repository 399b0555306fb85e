package dev.saffron.spice.spi;

import java.util.Objects;

/**
 * The argument checks every {@link OpusCodecProvider} makes before its codec sees the arguments, so that all
 * providers refuse the same calls the same way and no native codec gets a range it could write past.
 */
public final class OpusArguments {
    /** The highest bit rate Opus encodes, in bits per second. */
    private static final int MAX_BITRATE = 512_000;
    /** The lowest, likewise. */
    private static final int MIN_BITRATE = 500;

    private OpusArguments() {
    }

    /**
     * @throws IllegalArgumentException unless {@code sampleRate} is one Opus defines and {@code channels} is 1 or 2
     */
    public static void checkFormat(int sampleRate, int channels) {
        switch (sampleRate) {
            case 8000, 12000, 16000, 24000, 48000 -> {
            }
            default -> throw new IllegalArgumentException("Opus has no sample rate " + sampleRate + " Hz");
        }
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("Opus codes 1 or 2 channels, not " + channels);
        }
    }

    /** @throws IllegalArgumentException unless Opus encodes at {@code bitrate} bits per second */
    public static void checkBitrate(int bitrate) {
        if (bitrate < MIN_BITRATE || bitrate > MAX_BITRATE) {
            throw new IllegalArgumentException("Opus encodes " + MIN_BITRATE + " to " + MAX_BITRATE
                    + " bit/s, not " + bitrate);
        }
    }

    /**
     * The checks of {@link OpusDecoder#decode}.
     *
     * @throws IllegalArgumentException  if {@code maxSamplesPerChannel} is not positive
     * @throws IndexOutOfBoundsException if the packet range is not inside {@code packet}, or the samples
     *                                   {@code maxSamplesPerChannel} allows are not inside {@code pcm}
     */
    public static void checkDecode(int channels, byte[] packet, int offset, int length, short[] pcm, int pcmOffset,
                                   int maxSamplesPerChannel) {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(pcm, "pcm");
        Objects.checkFromIndexSize(offset, length, packet.length);
        if (maxSamplesPerChannel <= 0) {
            throw new IllegalArgumentException("maxSamplesPerChannel must be positive, not " + maxSamplesPerChannel);
        }
        Objects.checkFromIndexSize(pcmOffset, (long) maxSamplesPerChannel * channels, (long) pcm.length);
    }

    /**
     * The checks of {@link OpusEncoder#encode}.
     *
     * @throws IllegalArgumentException  if {@code samplesPerChannel} is not a frame length Opus allows at
     *                                   {@code sampleRate}, or {@code maxPacketBytes} is not positive
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public static void checkEncode(int sampleRate, int channels, short[] pcm, int pcmOffset, int samplesPerChannel,
                                   byte[] packet, int packetOffset, int maxPacketBytes) {
        Objects.requireNonNull(pcm, "pcm");
        Objects.requireNonNull(packet, "packet");
        // Opus frames last 2.5, 5, 10, 20, 40 or 60 ms: 1, 2, 4, 8, 16 or 24 times sampleRate / 400 samples.
        long quarters = samplesPerChannel * 400L;
        long multiple = quarters / sampleRate;
        boolean legal = samplesPerChannel > 0 && quarters % sampleRate == 0
                && (multiple == 1 || multiple == 2 || multiple == 4 || multiple == 8 || multiple == 16
                || multiple == 24);
        if (!legal) {
            throw new IllegalArgumentException(samplesPerChannel + " samples at " + sampleRate
                    + " Hz is not an Opus frame length (2.5, 5, 10, 20, 40 or 60 ms)");
        }
        Objects.checkFromIndexSize(pcmOffset, (long) samplesPerChannel * channels, (long) pcm.length);
        if (maxPacketBytes <= 0) {
            throw new IllegalArgumentException("maxPacketBytes must be positive, not " + maxPacketBytes);
        }
        Objects.checkFromIndexSize(packetOffset, maxPacketBytes, packet.length);
    }
}
