package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * DRAW_COMPOSITE: pixman's {@code composite(op, source, mask, destination)} over the draw's box, the box's
 * top-left pixel reading source pixel {@code (sourceX, sourceY)} and mask pixel {@code (maskX, maskY)}
 * (before their transforms).
 *
 * @param op             the operator
 * @param source         the source picture; apply {@link CompositeFlags#sourceOpaque()} to a surface
 *                       source by passing it without alpha
 * @param mask           the mask picture, or null
 * @param componentAlpha whether the mask's channels scale the source's one by one
 * @param sourceX        source x of the box's left edge
 * @param sourceY        source y of the box's top edge
 * @param maskX          mask x of the box's left edge
 * @param maskY          mask y of the box's top edge
 */
public record Composite(CompositeOp op, Picture source, Picture mask, boolean componentAlpha, int sourceX,
        int sourceY, int maskX, int maskY) {
    /** Checks the parts are there. */
    public Composite {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(source, "source");
    }
}
