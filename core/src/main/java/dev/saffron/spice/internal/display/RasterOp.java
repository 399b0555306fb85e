package dev.saffron.spice.internal.display;

/**
 * The sixteen two-input raster operations over whole 32-bit pixel values, in X11's {@code GX*} order (also
 * spice-common's {@code SpiceROP}). The ordinal is the X11 code: bit 0 of it is the result where source and
 * destination bits are both 1, bit 1 where only the source is, bit 2 where only the destination is, bit 3
 * where neither is.
 */
public enum RasterOp {
    /** 0 */
    CLEAR,
    /** src AND dst */
    AND,
    /** src AND NOT dst */
    AND_REVERSE,
    /** src */
    COPY,
    /** NOT src AND dst */
    AND_INVERTED,
    /** dst */
    NOOP,
    /** src XOR dst */
    XOR,
    /** src OR dst */
    OR,
    /** NOT src AND NOT dst */
    NOR,
    /** NOT src XOR dst */
    EQUIV,
    /** NOT dst */
    INVERT,
    /** src OR NOT dst */
    OR_REVERSE,
    /** NOT src */
    COPY_INVERTED,
    /** NOT src OR dst */
    OR_INVERTED,
    /** NOT src OR NOT dst */
    NAND,
    /** all ones */
    SET;

    private static final RasterOp[] BY_CODE = values();

    private final int whereBoth = -(ordinal() & 1);
    private final int whereSrcOnly = -(ordinal() >> 1 & 1);
    private final int whereDstOnly = -(ordinal() >> 2 & 1);
    private final int whereNeither = -(ordinal() >> 3 & 1);

    /**
     * @param code an X11 {@code GX*} code, 0 to 15
     * @return its operation
     */
    public static RasterOp fromCode(int code) {
        return BY_CODE[code];
    }

    /**
     * @param src the source (or brush) pixel
     * @param dst the destination pixel
     * @return the result, bit by bit
     */
    public int apply(int src, int dst) {
        return (src & dst & whereBoth) | (src & ~dst & whereSrcOnly) | (~src & dst & whereDstOnly)
                | (~src & ~dst & whereNeither);
    }

    /** @return whether the result depends on the destination */
    boolean readsDestination() {
        return whereBoth != whereSrcOnly || whereDstOnly != whereNeither;
    }
}
