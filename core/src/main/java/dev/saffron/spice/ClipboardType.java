package dev.saffron.spice;

import java.util.Optional;

/** A clipboard data format the agent protocol names (spice-gtk's {@code VD_AGENT_CLIPBOARD_*} types). */
public enum ClipboardType {
    /** UTF-8 text, without a terminating NUL; line ends as the guest's agent announced. */
    UTF8_TEXT(1),
    /** A PNG image. */
    IMAGE_PNG(2),
    /** A BMP image. */
    IMAGE_BMP(3),
    /** A TIFF image. */
    IMAGE_TIFF(4),
    /** A JPEG image. */
    IMAGE_JPG(5);

    private final int wireValue;

    ClipboardType(int wireValue) {
        this.wireValue = wireValue;
    }

    /** @return the type's number on the wire */
    public int wireValue() {
        return wireValue;
    }

    /** @return the type with this wire value, if Saffron knows it */
    public static Optional<ClipboardType> fromWire(long value) {
        for (ClipboardType type : values()) {
            if (type.wireValue == value) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
