package dev.saffron.spice;

import java.util.Locale;
import java.util.Optional;

/**
 * An image compression algorithm a client may ask the server to prefer (spice-protocol's
 * {@code SpiceImageCompression}). The wire value 0 ("invalid") is not a member: a session with no preference
 * simply has none.
 */
public enum ImageCompression {
    /** No compression. */
    OFF(1, "off"),
    /** The server picks per image between GLZ and QUIC. */
    AUTO_GLZ(2, "auto-glz"),
    /** The server picks per image between LZ and QUIC. */
    AUTO_LZ(3, "auto-lz"),
    /** QUIC, for photographic content. */
    QUIC(4, "quic"),
    /** LZ with a dictionary shared across images. */
    GLZ(5, "glz"),
    /** LZ within one image. */
    LZ(6, "lz"),
    /** LZ4. */
    LZ4(7, "lz4");

    private final int wireValue;
    private final String spiceName;

    ImageCompression(int wireValue, String spiceName) {
        this.wireValue = wireValue;
        this.spiceName = spiceName;
    }

    /** @return the {@code SpiceImageCompression} value sent on the wire */
    public int wireValue() {
        return wireValue;
    }

    /**
     * @return the name spice-gtk's {@code --spice-preferred-compression} option accepts for this algorithm,
     *         such as {@code "auto-glz"}
     */
    public String spiceName() {
        return spiceName;
    }

    /**
     * @param wireValue a {@code SpiceImageCompression} value
     * @return the matching algorithm, or empty for 0 ("invalid") and values this client does not know
     */
    public static Optional<ImageCompression> fromWire(int wireValue) {
        for (ImageCompression compression : values()) {
            if (compression.wireValue == wireValue) {
                return Optional.of(compression);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a value of spice-gtk's {@code --spice-preferred-compression} option: {@code auto-glz},
     * {@code auto-lz}, {@code quic}, {@code glz}, {@code lz}, {@code lz4} or {@code off}. spice-gtk compares
     * case-sensitively; like {@link ChannelType#fromSpiceName(String)} this accepts any case.
     *
     * @param name the option value
     * @return the matching algorithm, or empty if the name is not one of those
     */
    public static Optional<ImageCompression> fromSpiceName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ImageCompression compression : values()) {
            if (compression.spiceName.equals(lower)) {
                return Optional.of(compression);
            }
        }
        return Optional.empty();
    }
}
