package dev.saffron.spice.internal.display;

import java.util.List;

/**
 * The on-off dashes of a styled stroke, as spice-common sets up X's {@code LineOnOffDash}: style lengths
 * rounded to whole pixels, and for START_WITH_GAP the style rotated left by one with the line starting one
 * (rotated) first entry into it. Even entries are drawn, odd ones are gaps, cycling through the list.
 */
final class DashPattern {
    /** A dash list longer than a u8 count allows is not from the wire. */
    private static final int MAX_ENTRIES = 255;

    private final int[] lengths;
    private final long period;
    private final long offset;

    private DashPattern(int[] lengths, long offset) {
        this.lengths = lengths;
        long sum = 0;
        for (int length : lengths) {
            sum += length;
        }
        this.period = sum;
        this.offset = offset;
    }

    /**
     * @throws CanvasException if the style is empty, too long, or has an entry that rounds to no pixels
     *                         (X would step through such a list forever)
     */
    static DashPattern of(List<Integer> style, boolean startWithGap) throws CanvasException {
        int count = style.size();
        if (count == 0 || count > MAX_ENTRIES) {
            throw new CanvasException("a styled stroke needs 1 to " + MAX_ENTRIES + " dash lengths, not " + count);
        }
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            int source = startWithGap ? (i + 1) % count : i;
            lengths[i] = StrokePath.toPixel(style.get(source));
            if (lengths[i] <= 0) {
                throw new CanvasException("dash length " + style.get(source) + " (28.4) is not positive");
            }
        }
        return new DashPattern(lengths, startWithGap ? lengths[0] : 0);
    }

    /** @return whether the pixel {@code distance} steps from the start of a polyline is on a dash */
    boolean isOn(long distance) {
        long at = Math.floorMod(offset + distance, period);
        for (int i = 0; i < lengths.length; i++) {
            if (at < lengths[i]) {
                return (i & 1) == 0;
            }
            at -= lengths[i];
        }
        throw new IllegalStateException("position beyond the dash period");
    }
}
