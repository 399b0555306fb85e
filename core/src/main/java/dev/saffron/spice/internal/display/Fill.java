package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * DRAW_FILL: the brush combined with the surface by a ROP descriptor.
 *
 * @param brush         the brush
 * @param ropDescriptor the u16 ROP descriptor ({@link RopDescriptor}); the brush is its source
 * @param mask          the mask, or null for none
 */
public record Fill(Brush brush, int ropDescriptor, QMask mask) {
    /** Checks the brush is there. */
    public Fill {
        Objects.requireNonNull(brush, "brush");
    }
}
