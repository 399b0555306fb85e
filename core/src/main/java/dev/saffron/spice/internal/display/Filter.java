package dev.saffron.spice.internal.display;

/** Pixman's sampling filters ({@code pixman_filter_t}), in wire order (DRAW_COMPOSITE flags bits 8-13). */
public enum Filter {
    /** Same as {@link #NEAREST}. */
    FAST,
    /** Same as {@link #BILINEAR} (pixman maps GOOD to bilinear interpolation). */
    GOOD,
    /** Same as {@link #BILINEAR}. */
    BEST,
    /** The pixel under the sample point. */
    NEAREST,
    /** Interpolation of the four nearest pixels with 7-bit weights. */
    BILINEAR,
    /** A convolution kernel; the wire carries no kernel, so draws asking for it are rejected. */
    CONVOLUTION,
    /** A separable convolution kernel; rejected like {@link #CONVOLUTION}. */
    SEPARABLE_CONVOLUTION;

    private static final Filter[] BY_CODE = values();

    /**
     * @param code a 3-bit filter field
     * @return the filter
     * @throws CanvasException for a code pixman does not define
     */
    public static Filter fromCode(int code) throws CanvasException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new CanvasException("unknown filter " + code);
        }
        return BY_CODE[code];
    }

    boolean interpolates() {
        return this == GOOD || this == BEST || this == BILINEAR;
    }
}
