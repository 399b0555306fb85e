package dev.saffron.spice.internal.display;

import java.util.Objects;

/**
 * A draw's mask ({@code SpiceQMask} with a bitmap): destination pixel (x, y) of a draw with box
 * {@code (left, top, ...)} is drawn when mask pixel {@code (x - left + posX, y - top + posY)} lies inside
 * the bitmap and its bit, flipped when {@code invert}, is set. Pixels whose mask pixel falls outside the
 * bitmap are never drawn, inverted or not (spice-common builds the region from the bitmap's extent).
 * A draw without a mask bitmap passes {@code null} for its mask.
 *
 * @param bitmap the 1-bit mask image
 * @param posX   mask x of the box's left edge
 * @param posY   mask y of the box's top edge
 * @param invert whether clear bits draw instead of set ones ({@code SPICE_MASK_FLAGS_INVERS})
 */
public record QMask(MaskBitmap bitmap, int posX, int posY, boolean invert) {
    /** Checks the bitmap is there. */
    public QMask {
        Objects.requireNonNull(bitmap, "bitmap");
    }
}
