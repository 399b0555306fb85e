package dev.saffron.spice.internal.display;

/**
 * SPICE's 16-bit ROP descriptors ({@code SpiceRopd}) and how spice-common's canvas turns one into a
 * {@link RasterOp}. The first operation bit present wins in the order PUT, OR, AND, XOR, BLACKNESS,
 * WHITENESS, INVERS; with none the draw is a plain copy. Of the three input inversions only two apply to a
 * draw: the one naming its "source" input (the image for COPY and BLEND, the brush for FILL and STROKE and
 * for the second step of OPAQUE) and the one naming its "destination" input (the surface, or the freshly
 * copied image for OPAQUE); the third is ignored. BLACKNESS, WHITENESS and INVERS ignore every inversion,
 * and PUT ignores the destination one. {@code INVERS_RES} inverts the result of PUT, OR, AND and XOR.
 */
public final class RopDescriptor {
    /** Invert the image before the operation. */
    public static final int INVERS_SRC = 1;
    /** Invert the brush before the operation. */
    public static final int INVERS_BRUSH = 1 << 1;
    /** Invert the destination before the operation. */
    public static final int INVERS_DEST = 1 << 2;
    /** result = source */
    public static final int OP_PUT = 1 << 3;
    /** result = source OR destination */
    public static final int OP_OR = 1 << 4;
    /** result = source AND destination */
    public static final int OP_AND = 1 << 5;
    /** result = source XOR destination */
    public static final int OP_XOR = 1 << 6;
    /** result = 0 */
    public static final int OP_BLACKNESS = 1 << 7;
    /** result = all ones */
    public static final int OP_WHITENESS = 1 << 8;
    /** result = NOT destination */
    public static final int OP_INVERS = 1 << 9;
    /** Invert the result. */
    public static final int INVERS_RES = 1 << 10;

    private RopDescriptor() {
    }

    /**
     * @param descriptor the descriptor of DRAW_COPY or DRAW_BLEND
     * @return the operation between the image and the surface
     */
    public static RasterOp forImage(int descriptor) {
        return toRasterOp(descriptor, INVERS_SRC, INVERS_DEST);
    }

    /**
     * @param descriptor the descriptor of DRAW_FILL, or a fore/back mode of DRAW_STROKE
     * @return the operation between the brush and the surface
     */
    public static RasterOp forBrush(int descriptor) {
        return toRasterOp(descriptor, INVERS_BRUSH, INVERS_DEST);
    }

    /**
     * @param descriptor the descriptor of DRAW_OPAQUE
     * @return the operation between the brush and the image already copied onto the surface
     */
    public static RasterOp forOpaque(int descriptor) {
        return toRasterOp(descriptor, INVERS_BRUSH, INVERS_SRC);
    }

    private static RasterOp toRasterOp(int descriptor, int sourceInversion, int destinationInversion) {
        boolean invertSource = (descriptor & sourceInversion) != 0;
        boolean invertDestination = (descriptor & destinationInversion) != 0;
        boolean invertResult = (descriptor & INVERS_RES) != 0;
        if ((descriptor & OP_PUT) != 0) {
            return invertSource != invertResult ? RasterOp.COPY_INVERTED : RasterOp.COPY;
        }
        int combine;
        if ((descriptor & OP_OR) != 0) {
            combine = RasterOp.OR.ordinal();
        } else if ((descriptor & OP_AND) != 0) {
            combine = RasterOp.AND.ordinal();
        } else if ((descriptor & OP_XOR) != 0) {
            combine = RasterOp.XOR.ordinal();
        } else if ((descriptor & OP_BLACKNESS) != 0) {
            return RasterOp.CLEAR;
        } else if ((descriptor & OP_WHITENESS) != 0) {
            return RasterOp.SET;
        } else if ((descriptor & OP_INVERS) != 0) {
            return RasterOp.INVERT;
        } else {
            return RasterOp.COPY;
        }
        int code = 0;
        for (int s = 0; s <= 1; s++) {
            for (int d = 0; d <= 1; d++) {
                int in = (s ^ (invertSource ? 1 : 0)) << 1 | (d ^ (invertDestination ? 1 : 0));
                int out = (combine >> truthBit(in) & 1) ^ (invertResult ? 1 : 0);
                code |= out << truthBit(s << 1 | d);
            }
        }
        return RasterOp.fromCode(code);
    }

    /** Bit of an X11 code holding the result for source bit s and destination bit d, given as s << 1 | d. */
    private static int truthBit(int sourceAndDestination) {
        return 3 - sourceAndDestination;
    }
}
