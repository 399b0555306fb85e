package dev.saffron.spice;

import java.util.Optional;

/** How the server encoded a cursor shape (spice-protocol's {@code SpiceCursorType}). */
public enum CursorType {
    /** 32-bit pixels with straight alpha. */
    ALPHA(0),
    /** Two bit masks, AND and XOR, as in Windows monochrome pointers. */
    MONO(1),
    /** 4-bit palette indexes, a 16-colour palette and an AND mask. */
    COLOR4(2),
    /** 8-bit palette indexes, a 256-colour palette and an AND mask. */
    COLOR8(3),
    /** 15-bit x555 pixels and an AND mask. */
    COLOR16(4),
    /** 24-bit pixels and an AND mask. */
    COLOR24(5),
    /** 32-bit xRGB pixels and an AND mask. */
    COLOR32(6);

    private final int wireValue;

    CursorType(int wireValue) {
        this.wireValue = wireValue;
    }

    /** @return the type's number on the wire */
    public int wireValue() {
        return wireValue;
    }

    /** @return the type with that wire number, or empty for numbers the protocol does not define */
    public static Optional<CursorType> fromWire(int wireValue) {
        for (CursorType type : values()) {
            if (type.wireValue == wireValue) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
