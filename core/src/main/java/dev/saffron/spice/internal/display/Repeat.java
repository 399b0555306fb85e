package dev.saffron.spice.internal.display;

/** What a sample outside the image reads ({@code pixman_repeat_t}), in wire order. */
public enum Repeat {
    /** Transparent black (0). */
    NONE,
    /** The image tiled in both directions. */
    NORMAL,
    /** The nearest edge pixel. */
    PAD,
    /** The image mirrored at each edge. */
    REFLECT;

    private static final Repeat[] BY_CODE = values();

    /**
     * @param code a 2-bit repeat field
     * @return the repeat mode
     */
    public static Repeat fromCode(int code) {
        return BY_CODE[code & 3];
    }

    /**
     * @return the coordinate moved into {@code 0 .. size-1}, or -1 when it reads transparent black, as every
     *         point of an empty image does (pixman loops forever or reads outside it for repeating ones)
     */
    int wrap(int c, int size) {
        if (size <= 0) {
            return -1;
        }
        return switch (this) {
            case NONE -> c < 0 || c >= size ? -1 : c;
            case NORMAL -> Math.floorMod(c, size);
            case PAD -> c < 0 ? 0 : Math.min(c, size - 1);
            case REFLECT -> {
                int m = Math.floorMod(c, 2 * size);
                yield m >= size ? 2 * size - m - 1 : m;
            }
        };
    }
}
