package dev.saffron.spice.internal.display;

import java.util.List;
import java.util.Objects;

/**
 * The clip of a draw ({@code SpiceClip}): none, or the union of rectangles. The draw's box and the surface
 * bounds clip in either case.
 */
public sealed interface Clip permits Clip.None, Clip.Rects {
    /** No clip beyond the box and the surface (clip type 0). */
    Clip NONE = new None();

    /**
     * @param rects the clip rectangles (clip type 1); an empty list clips everything away
     * @return the clip
     */
    static Clip rects(List<Rect> rects) {
        return new Rects(rects);
    }

    /** Clip type 0: nothing but the box and the surface bounds. */
    record None() implements Clip {
    }

    /**
     * Clip type 1: the union of the rectangles; empty or inverted ones add nothing.
     *
     * @param rects the rectangles
     */
    record Rects(List<Rect> rects) implements Clip {
        /** Copies the list. */
        public Rects {
            rects = List.copyOf(Objects.requireNonNull(rects, "rects"));
        }
    }
}
