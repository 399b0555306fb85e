package dev.saffron.spice.internal.display;

import java.util.List;
import java.util.Objects;

/**
 * DRAW_STROKE: a path drawn as one-pixel-wide lines ending one pixel short of each end point (Windows
 * cosmetic lines), with the brush and the fore ROP descriptor. Styled (dashed) lines are not supported.
 *
 * @param path      the segments
 * @param lineFlags {@code SpiceLineAttr} flags: START_WITH_GAP (4), STYLED (8)
 * @param brush     the brush
 * @param foreMode  the u16 ROP descriptor the lines are drawn with
 * @param backMode  the u16 ROP descriptor for gaps between dashes, unused by spice-common
 */
public record Stroke(List<PathSegment> path, int lineFlags, Brush brush, int foreMode, int backMode) {
    /** Dashed line, which Saffron does not draw. */
    public static final int STYLED = 8;

    /** Copies the path and checks the brush is there. */
    public Stroke {
        path = List.copyOf(path);
        Objects.requireNonNull(brush, "brush");
    }
}
