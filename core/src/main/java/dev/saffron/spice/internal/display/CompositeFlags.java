package dev.saffron.spice.internal.display;

/**
 * The u32 {@code flags} of DRAW_COMPOSITE, decoded: bits 0-7 operator, 8-10 source filter, 11-13 mask
 * filter, 14-15 source repeat, 16-17 mask repeat, 18 component alpha, 19 has mask, 20 has source
 * transform, 21 has mask transform, 22-24 source, mask and destination opaque.
 *
 * @param bits the flags as sent
 */
public record CompositeFlags(int bits) {
    /** Bit 18. */
    public static final int COMPONENT_ALPHA = 1 << 18;
    /** Bit 19. */
    public static final int HAS_MASK = 1 << 19;
    /** Bit 20. */
    public static final int HAS_SRC_TRANSFORM = 1 << 20;
    /** Bit 21. */
    public static final int HAS_MASK_TRANSFORM = 1 << 21;
    /** Bit 22. */
    public static final int SOURCE_OPAQUE = 1 << 22;
    /** Bit 23. */
    public static final int MASK_OPAQUE = 1 << 23;
    /** Bit 24. */
    public static final int DEST_OPAQUE = 1 << 24;

    /**
     * @return the operator
     * @throws CanvasException for operators Saffron does not compute
     */
    public CompositeOp op() throws CanvasException {
        return CompositeOp.fromCode(bits & 0xFF);
    }

    /**
     * @return the source filter
     * @throws CanvasException for an undefined filter code
     */
    public Filter sourceFilter() throws CanvasException {
        return Filter.fromCode(bits >>> 8 & 7);
    }

    /**
     * @return the mask filter
     * @throws CanvasException for an undefined filter code
     */
    public Filter maskFilter() throws CanvasException {
        return Filter.fromCode(bits >>> 11 & 7);
    }

    /** @return the source repeat mode */
    public Repeat sourceRepeat() {
        return Repeat.fromCode(bits >>> 14);
    }

    /** @return the mask repeat mode */
    public Repeat maskRepeat() {
        return Repeat.fromCode(bits >>> 16);
    }

    /** @return whether the mask's colour channels scale the source's one by one */
    public boolean componentAlpha() {
        return (bits & COMPONENT_ALPHA) != 0;
    }

    /** @return whether a mask image follows the source on the wire */
    public boolean hasMask() {
        return (bits & HAS_MASK) != 0;
    }

    /** @return whether a source transform is on the wire */
    public boolean hasSourceTransform() {
        return (bits & HAS_SRC_TRANSFORM) != 0;
    }

    /** @return whether a mask transform is on the wire */
    public boolean hasMaskTransform() {
        return (bits & HAS_MASK_TRANSFORM) != 0;
    }

    /**
     * @return whether a source that is a surface reads as opaque; spice-gtk ignores the flag for sources
     *         sent as images, so the caller applies it to surfaces only
     */
    public boolean sourceOpaque() {
        return (bits & SOURCE_OPAQUE) != 0;
    }

    /** @return the mask-opaque flag, which spice-gtk ignores */
    public boolean maskOpaque() {
        return (bits & MASK_OPAQUE) != 0;
    }

    /**
     * @return the destination-opaque flag, which spice-gtk ignores: it asks for an opaque copy of the
     *         surface but builds the copy in the surface's own format
     */
    public boolean destOpaque() {
        return (bits & DEST_OPAQUE) != 0;
    }
}
