package dev.saffron.spice.internal.display;

import java.util.List;
import java.util.Objects;

/**
 * DRAW_STROKE: a path drawn as one-pixel-wide lines ending one pixel short of each end point (Windows
 * cosmetic lines), with the brush and the fore ROP descriptor; styled lines are dashed.
 *
 * @param path      the segments
 * @param lineFlags {@code SpiceLineAttr} flags: START_WITH_GAP (4), STYLED (8)
 * @param style     for STYLED lines, the dash and gap lengths in 28.4 fixed point, dash first; else empty
 * @param brush     the brush
 * @param foreMode  the u16 ROP descriptor the lines are drawn with
 * @param backMode  the u16 ROP descriptor for gaps between dashes, unused by spice-common
 */
public record Stroke(List<PathSegment> path, int lineFlags, List<Integer> style, Brush brush, int foreMode,
                     int backMode) {
    /** The line starts with the style's first gap rather than its first dash. */
    public static final int START_WITH_GAP = 4;
    /** Dashed line, with {@link #style}. */
    public static final int STYLED = 8;

    /** Copies the path and style and checks the brush is there. */
    public Stroke {
        path = List.copyOf(path);
        style = List.copyOf(style);
        Objects.requireNonNull(brush, "brush");
    }

    /** A stroke without a style: solid unless {@code lineFlags} says STYLED, which then has no dashes. */
    public Stroke(List<PathSegment> path, int lineFlags, Brush brush, int foreMode, int backMode) {
        this(path, lineFlags, List.of(), brush, foreMode, backMode);
    }
}
