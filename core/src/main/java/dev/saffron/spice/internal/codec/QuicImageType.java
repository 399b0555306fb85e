package dev.saffron.spice.internal.codec;

/**
 * The pixel layouts a QUIC stream can carry ({@code QuicImageType} on the wire), with how many channels
 * each codes and how many bits per channel.
 */
public enum QuicImageType {
    /** One 8-bit grey channel. The reference client refuses these, and so does {@link QuicDecoder}. */
    GRAY(1, 1, 8),
    /** x1r5g5b5: red, green and blue at 5 bits each. */
    RGB16(2, 3, 5),
    /** Red, green and blue at 8 bits each, packed in 3 bytes on the server. */
    RGB24(3, 3, 8),
    /** Red, green and blue at 8 bits each, in a 32-bit pixel whose fourth byte is not coded. */
    RGB32(4, 3, 8),
    /** Red, green and blue, then alpha as a fourth channel with its own adaptive state. */
    RGBA(5, 4, 8);

    private final int wireValue;
    private final int channels;
    private final int bitsPerChannel;

    QuicImageType(int wireValue, int channels, int bitsPerChannel) {
        this.wireValue = wireValue;
        this.channels = channels;
        this.bitsPerChannel = bitsPerChannel;
    }

    /** @return the number that names this type in a QUIC header */
    public int wireValue() {
        return wireValue;
    }

    /** @return how many channels each pixel codes */
    public int channels() {
        return channels;
    }

    /** @return bits per coded channel: 5 or 8 */
    public int bitsPerChannel() {
        return bitsPerChannel;
    }

    /** @return the type a header's word names, or null when it names none */
    static QuicImageType fromWireValue(int value) {
        return switch (value) {
            case 1 -> GRAY;
            case 2 -> RGB16;
            case 3 -> RGB24;
            case 4 -> RGB32;
            case 5 -> RGBA;
            default -> null;
        };
    }
}
