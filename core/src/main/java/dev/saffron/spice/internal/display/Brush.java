package dev.saffron.spice.internal.display;

import java.util.Objects;

/** A draw's brush ({@code SpiceBrush}): none, a solid colour, or a tiled pattern image. */
public sealed interface Brush permits Brush.None, Brush.Solid, Brush.Pattern {
    /** Brush type 0: raster ops see 0 where they would read the brush. */
    Brush NONE = new None();

    /** Brush type 0. */
    record None() implements Brush {
    }

    /**
     * Brush type 1.
     *
     * @param color the 32-bit value written as is (the server sends {@code 0x00RRGGBB} for 32-bit surfaces)
     */
    record Solid(int color) implements Brush {
    }

    /**
     * Brush type 2: the image repeated in both directions so that its pixel (0, 0) lands on {@code (x, y)}
     * (for fills; DRAW_TEXT anchors its foreground pattern differently, as spice-common does).
     *
     * @param image the pattern, already converted to 32 bits; an empty one makes the draw fail
     * @param x     where the pattern's origin lands
     * @param y     where the pattern's origin lands
     */
    record Pattern(PixelBuffer image, int x, int y) implements Brush {
        /** Checks the image is there. */
        public Pattern {
            Objects.requireNonNull(image, "image");
        }
    }
}
