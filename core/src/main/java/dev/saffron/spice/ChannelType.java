package dev.saffron.spice;

import java.util.Locale;
import java.util.Optional;

/** The kinds of SPICE channel, with their wire numbers and spice-gtk's names for them. */
public enum ChannelType {
    /** Session control and the guest agent transport. */
    MAIN(1, "main"),
    /** Surfaces, drawing and video streams. */
    DISPLAY(2, "display"),
    /** Keyboard and mouse. */
    INPUTS(3, "inputs"),
    /** The guest's pointer shape and position. */
    CURSOR(4, "cursor"),
    /** Audio from the guest. */
    PLAYBACK(5, "playback"),
    /** Audio to the guest. */
    RECORD(6, "record"),
    /** Remote smartcard readers. */
    SMARTCARD(8, "smartcard"),
    /** One redirected USB device. */
    USBREDIR(9, "usbredir"),
    /** A named byte stream, such as QEMU's monitor. */
    PORT(10, "port"),
    /** Folder sharing: a port that carries WebDAV. */
    WEBDAV(11, "webdav");

    private final int wireValue;
    private final String spiceName;

    ChannelType(int wireValue, String spiceName) {
        this.wireValue = wireValue;
        this.spiceName = spiceName;
    }

    /** @return the channel-type byte used on the wire */
    public int wireValue() {
        return wireValue;
    }

    /** @return the lower-case name spice-gtk uses (in {@code secure-channels}, debug output, and so on) */
    public String spiceName() {
        return spiceName;
    }

    /**
     * @param wireValue a channel-type byte from the wire
     * @return the matching type, or empty for types this client does not know (such as the retired tunnel)
     */
    public static Optional<ChannelType> fromWire(int wireValue) {
        for (ChannelType type : values()) {
            if (type.wireValue == wireValue) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a spice-gtk channel name such as {@code "display"}, any case
     * @return the matching type, or empty if the name is unknown
     */
    public static Optional<ChannelType> fromSpiceName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ChannelType type : values()) {
            if (type.spiceName.equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
