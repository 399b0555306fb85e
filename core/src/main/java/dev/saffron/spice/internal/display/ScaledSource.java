package dev.saffron.spice.internal.display;

import java.util.Arrays;

/**
 * A source area scaled onto a draw's box the way spice-common asks pixman to do it, read back per row in
 * box coordinates. Two recipes exist: draws that copy ({@code scale_image} and friends) use a scale of
 * {@code (source size << 16) / box size} followed by a translation to the area's corner; DRAW_ROP3
 * ({@code canvas_scale_surface}) uses a scale from the size ratio as a double and starts sampling at the
 * area's corner divided by that ratio, rounded.
 *
 * <p>When pixman would refuse the composite (extents beyond its 16-bit limits), spice-common's temporary
 * image stays zero: {@link #accepted()} is false and every sample reads 0.
 */
final class ScaledSource {
    private final Sampler sampler;
    private final int originX;
    private final int originY;
    private final boolean accepted;

    private ScaledSource(Sampler sampler, int originX, int originY, boolean accepted) {
        this.sampler = sampler;
        this.originX = originX;
        this.originY = originY;
        this.accepted = accepted;
    }

    /** The transform of {@code scale_image}: source = area corner + box offset * size ratio. */
    static Transform scaleTransform(Rect area, Rect box) {
        int scaleX = (int) (((long) area.right() - area.left() << 16) / ((long) box.right() - box.left()));
        int scaleY = (int) (((long) area.bottom() - area.top() << 16) / ((long) box.bottom() - box.top()));
        return new Transform(scaleX, 0, area.left() << 16, 0, scaleY, area.top() << 16);
    }

    /**
     * @param source       the image
     * @param area         its area mapped onto the box
     * @param box          the draw's box
     * @param filter       nearest or interpolating
     * @param destHasAlpha whether the image the samples land in has alpha: pixman then reads an image
     *                     without alpha as opaque, otherwise its top byte passes through
     * @param region       the pixels that will be read, inside the box
     * @return the scaled source
     * @throws CanvasException when the area is empty
     */
    static ScaledSource forCopy(PixelBuffer source, Rect area, Rect box, Filter filter, boolean destHasAlpha,
            Region region) throws CanvasException {
        checkArea(area);
        Sampler sampler = Sampler.of(source, !source.hasAlpha() && destHasAlpha, filter, Repeat.NONE,
                scaleTransform(area, box));
        Rect e = region.extents();
        boolean accepted = sampler.accepts(e.left() - box.left(), e.top() - box.top(), e.right() - box.left(),
                e.bottom() - box.top());
        return new ScaledSource(sampler, 0, 0, accepted);
    }

    /**
     * @param source    the image
     * @param area      its area mapped onto the box
     * @param box       the draw's box
     * @param scaleMode nearest or interpolating
     * @return the scaled source as DRAW_ROP3 computes it
     * @throws CanvasException when the area is empty, or the box too large for the temporary image
     *                         spice-common scales into
     */
    static ScaledSource forRop3(PixelBuffer source, Rect area, Rect box, ScaleMode scaleMode)
            throws CanvasException {
        checkArea(area);
        if ((long) box.right() - box.left() >= 0x7FFF || (long) box.bottom() - box.top() >= 0x7FFF) {
            throw new CanvasException("box " + box + " too large to scale a ROP3 source into");
        }
        int width = box.right() - box.left();
        int height = box.bottom() - box.top();
        double ratioX = (double) (area.right() - area.left()) / width;
        double ratioY = (double) (area.bottom() - area.top()) / height;
        Transform scale = new Transform((int) (ratioX * 65536.0), 0, 0, 0, (int) (ratioY * 65536.0), 0);
        Sampler sampler = Sampler.of(source, false, scaleMode.filter(), Repeat.NONE, scale);
        int originX = (int) Math.floor(area.left() / ratioX + 0.5);
        int originY = (int) Math.floor(area.top() / ratioY + 0.5);
        boolean accepted = sampler.accepts(originX, originY, originX + width, originY + height);
        return new ScaledSource(sampler, originX, originY, accepted);
    }

    private static void checkArea(Rect area) throws CanvasException {
        if (area.right() <= area.left() || area.bottom() <= area.top()) {
            throw new CanvasException("empty source area " + area + " to scale");
        }
    }

    boolean accepted() {
        return accepted;
    }

    /**
     * @param i     box-relative x of the first pixel
     * @param j     box-relative y of the row
     * @param count pixels
     * @param out   receives the samples
     */
    void fetch(int i, int j, int count, int[] out) {
        if (!accepted) {
            Arrays.fill(out, 0, count, 0);
            return;
        }
        sampler.fetchRow(originX + i, originY + j, count, out);
    }
}
