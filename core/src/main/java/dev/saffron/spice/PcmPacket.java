package dev.saffron.spice;

/**
 * A block of decoded audio with the server's multimedia time it belongs to.
 *
 * @param format  the stream's format
 * @param samples interleaved samples, {@code frames() * format.channels()} of them; every listener gets the same
 *                array, which none may change
 * @param mmTime  the server's multimedia time (milliseconds, unsigned 32-bit) at which the packet is due
 */
public record PcmPacket(PcmFormat format, short[] samples, long mmTime) {
    /** @return the frames in this packet (samples per channel) */
    public int frames() {
        return samples.length / format.channels();
    }
}
