package dev.saffron.spice;

import java.util.Optional;

/** A display surface's pixel format as the server declares it ({@code SpiceSurfaceFmt}). */
public enum SurfaceFormat {
    /** 1-bit alpha. */
    A1(1),
    /** 8-bit alpha. */
    A8(8),
    /** 16-bit x1r5g5b5. */
    X1R5G5B5(16),
    /** 16-bit r5g6b5. */
    R5G6B5(80),
    /** 32-bit x8r8g8b8: what guests' primary surfaces use. */
    X8R8G8B8(32),
    /** 32-bit a8r8g8b8, premultiplied. */
    A8R8G8B8(96);

    private final int wireValue;

    SurfaceFormat(int wireValue) {
        this.wireValue = wireValue;
    }

    /** @return the format number on the wire */
    public int wireValue() {
        return wireValue;
    }

    /** @return the format for a wire number, or empty if unknown */
    public static Optional<SurfaceFormat> fromWire(long value) {
        for (SurfaceFormat format : values()) {
            if (format.wireValue == value) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** @return whether the format carries alpha */
    public boolean hasAlpha() {
        return this == A1 || this == A8 || this == A8R8G8B8;
    }
}
