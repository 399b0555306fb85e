package dev.saffron.spice.internal.display;

import java.util.List;
import java.util.Objects;

/**
 * DRAW_TEXT: an optional background rectangle filled with the back brush, then the glyphs' coverage used
 * as a mask to composite the fore brush OVER the surface.
 *
 * <p>spice-common ignores {@code back_mode} (the background is always a plain fill) and {@code fore_mode}
 * (the glyphs are always composited OVER), except that a background with a fore mode other than
 * {@code OP_PUT} aborts spice-gtk. It also ignores the string's TOP_DOWN flag and reads every glyph bottom
 * row first.
 *
 * @param stringFlags the string's flags: RASTER_A1 (1), RASTER_A4 (2), RASTER_A8 (4), TOP_DOWN (8)
 * @param glyphs      the glyphs
 * @param backArea    the background rectangle; none when its width or height is 0
 * @param foreBrush   the brush for the glyphs; with no brush the glyphs draw nothing
 * @param backBrush   the brush for the background
 * @param foreMode    the u16 fore ROP descriptor
 * @param backMode    the u16 back ROP descriptor
 */
public record Text(int stringFlags, List<Glyph> glyphs, Rect backArea, Brush foreBrush, Brush backBrush,
        int foreMode, int backMode) {
    /** Glyphs with one bit per pixel. */
    public static final int RASTER_A1 = 1;
    /** Glyphs with four bits per pixel. */
    public static final int RASTER_A4 = 2;
    /** Glyphs with eight bits per pixel. */
    public static final int RASTER_A8 = 4;
    /** Rows stored top first; spice-common ignores it. */
    public static final int RASTER_TOP_DOWN = 8;

    /** Copies the glyph list and checks the parts are there. */
    public Text {
        glyphs = List.copyOf(glyphs);
        Objects.requireNonNull(backArea, "backArea");
        Objects.requireNonNull(foreBrush, "foreBrush");
        Objects.requireNonNull(backBrush, "backBrush");
    }
}
