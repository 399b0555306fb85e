package dev.saffron.spice.internal.display;

/**
 * An affine transform from destination to source space in 16.16 fixed point ({@code SpiceTransform}, the
 * top two rows of a pixman matrix whose last row is 0 0 1): a destination point (x, y) samples the source
 * at {@code (t00 x + t01 y + t02, t10 x + t11 y + t12)}.
 *
 * @param t00 row 0 column 0
 * @param t01 row 0 column 1
 * @param t02 row 0 column 2
 * @param t10 row 1 column 0
 * @param t11 row 1 column 1
 * @param t12 row 1 column 2
 */
public record Transform(int t00, int t01, int t02, int t10, int t11, int t12) {
    /** 1.0 in 16.16 fixed point. */
    public static final int ONE = 1 << 16;
    /** The transform that changes nothing. */
    public static final Transform IDENTITY = new Transform(ONE, 0, 0, 0, ONE, 0);
}
