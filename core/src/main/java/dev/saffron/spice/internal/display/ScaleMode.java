package dev.saffron.spice.internal.display;

/** How a draw whose source area and box differ in size scales the source ({@code SpiceImageScaleMode}). */
public enum ScaleMode {
    /** Bilinear interpolation (spice-common asks pixman for its GOOD filter). */
    INTERPOLATE,
    /** The nearest source pixel. */
    NEAREST;

    /**
     * @param code the u8 scale mode from the wire
     * @return the mode
     * @throws CanvasException for values other than 0 and 1, on which spice-gtk aborts
     */
    public static ScaleMode fromCode(int code) throws CanvasException {
        return switch (code) {
            case 0 -> INTERPOLATE;
            case 1 -> NEAREST;
            default -> throw new CanvasException("unknown scale mode " + code);
        };
    }

    Filter filter() {
        return this == NEAREST ? Filter.NEAREST : Filter.GOOD;
    }
}
