package dev.saffron.spice.internal.display;

/**
 * The Render/pixman compositing operators ({@code pixman_op_t}) DRAW_COMPOSITE can carry in flag bits
 * 0-7. Saffron computes the ones pixman computes in 8-bit integer arithmetic: the Porter-Duff operators
 * CLEAR to ADD and the blend modes MULTIPLY, SCREEN, OVERLAY, DARKEN, LIGHTEN, HARD_LIGHT, DIFFERENCE and
 * EXCLUSION. The rest (SATURATE, the disjoint and conjoint families, COLOR_DODGE, COLOR_BURN, SOFT_LIGHT
 * and the HSL modes) pixman computes in floating point; a draw using them fails with a
 * {@link CanvasException}.
 */
public enum CompositeOp {
    /** 0 */
    CLEAR(0x00),
    /** S */
    SRC(0x01),
    /** D */
    DST(0x02),
    /** S + D(1 - Sa) */
    OVER(0x03),
    /** S(1 - Da) + D */
    OVER_REVERSE(0x04),
    /** S Da */
    IN(0x05),
    /** D Sa */
    IN_REVERSE(0x06),
    /** S(1 - Da) */
    OUT(0x07),
    /** D(1 - Sa) */
    OUT_REVERSE(0x08),
    /** S Da + D(1 - Sa) */
    ATOP(0x09),
    /** S(1 - Da) + D Sa */
    ATOP_REVERSE(0x0A),
    /** S(1 - Da) + D(1 - Sa) */
    XOR(0x0B),
    /** S + D, saturated */
    ADD(0x0C),
    /** PDF multiply */
    MULTIPLY(0x30),
    /** PDF screen */
    SCREEN(0x31),
    /** PDF overlay */
    OVERLAY(0x32),
    /** PDF darken */
    DARKEN(0x33),
    /** PDF lighten */
    LIGHTEN(0x34),
    /** PDF hard light */
    HARD_LIGHT(0x37),
    /** PDF difference */
    DIFFERENCE(0x39),
    /** PDF exclusion */
    EXCLUSION(0x3A);

    private final int code;

    CompositeOp(int code) {
        this.code = code;
    }

    /** @return the {@code pixman_op_t} value */
    public int code() {
        return code;
    }

    /**
     * @param code a {@code pixman_op_t} value from the wire
     * @return its operator
     * @throws CanvasException for operators Saffron does not compute (see the type's description)
     */
    public static CompositeOp fromCode(int code) throws CanvasException {
        for (CompositeOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new CanvasException("composite operator 0x" + Integer.toHexString(code) + " is not supported");
    }
}
