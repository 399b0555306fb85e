package dev.saffron.spice.internal.display;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * SPICE's drawing operations on one 32-bit surface, pixel for pixel what spice-gtk's software canvas
 * (spice-common's {@code canvas_base.c} and {@code sw_canvas.c} over pixman) draws.
 *
 * <p>Every draw takes its box (the {@code SpiceRect} of the draw's base) and clip; what it touches is the
 * box, cut to the surface, to the clip and, for the draws that carry one, to the mask. Sources are
 * {@link PixelBuffer}s the caller has decoded or looked up: decoded images in 32 bits with alpha where their
 * format has it, surfaces as they are stored. When a source shares memory with the surface, the draw reads
 * a snapshot of it taken before it writes.
 *
 * <p>The top byte of a surface without alpha: raw raster operations (fills, copies, ROPs, COPY_BITS)
 * treat all 32 bits alike, exactly as spice-common does. Where spice-common hands the work to pixman
 * (scaled copies, alpha blending, text, composite) pixman's own choice of top byte for an x8r8g8b8
 * destination depends on which of its code paths runs; Saffron writes the composited alpha there, which
 * is what pixman's SIMD paths on x86 write for the common cases.
 *
 * <p>Where spice-gtk would abort (spice-common's {@code spice_return_if_fail} and {@code spice_critical}
 * abort the client) or read outside its buffers, the draw throws a {@link CanvasException} and changes
 * nothing, except where noted on the draw. Not thread-safe: the display channel's thread draws.
 */
public final class Canvas {
    private static final ValueLayout.OfInt PIXEL = PixelBuffer.PIXEL;

    private final PixelBuffer target;
    private final MemorySegment segment;
    private final long base;
    private final int stride;
    private final Rect bounds;
    private final ColorDepth depth;

    /** @param target the 32-bit surface to draw on; the canvas keeps the view, not a copy */
    public Canvas(PixelBuffer target) {
        this(target, ColorDepth.RGB32);
    }

    /**
     * @param target the surface to draw on; the canvas keeps the view, not a copy
     * @param depth  the surface's colour precision: a transparent draw's key colour matches at that precision
     *               (the caller brings the drawn pixels to it afterwards)
     */
    public Canvas(PixelBuffer target, ColorDepth depth) {
        this.depth = depth;
        this.target = target;
        this.segment = target.segment();
        this.base = target.offset();
        this.stride = target.stride();
        this.bounds = target.bounds();
    }

    /** @return the surface */
    public PixelBuffer target() {
        return target;
    }

    /** @return the surface's colour precision */
    public ColorDepth depth() {
        return depth;
    }

    /**
     * DRAW_FILL.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param fill the brush, descriptor and mask
     * @throws CanvasException if the pattern is empty
     */
    public void fill(Rect box, Clip clip, Fill fill) throws CanvasException {
        Region region = maskRegion(clipRegion(box, clip), fill.mask(), box);
        if (!region.isEmpty()) {
            drawBrush(region, fill.brush(), RopDescriptor.forBrush(fill.ropDescriptor()));
        }
    }

    /**
     * DRAW_COPY and DRAW_BLEND. Unscaled, pixels whose source falls outside the image are left alone;
     * scaled, they read as 0, as pixman samples them.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param copy the image, area, descriptor, scale mode and mask
     * @throws CanvasException never for an unscaled copy; for a scaled one when the source area is empty
     */
    public void copy(Rect box, Clip clip, Copy copy) throws CanvasException {
        Region region = maskRegion(clipRegion(box, clip), copy.mask(), box);
        if (region.isEmpty()) {
            return;
        }
        RasterOp op = RopDescriptor.forImage(copy.ropDescriptor());
        PixelBuffer source = detach(copy.source());
        if (sameSize(box, copy.sourceArea())) {
            blit(region, source, box.left() - copy.sourceArea().left(), box.top() - copy.sourceArea().top(), op);
        } else {
            drawScaled(region, source, copy.sourceArea(), box, copy.scaleMode().filter(), op);
        }
    }

    /**
     * DRAW_OPAQUE.
     *
     * @param box    the draw's box
     * @param clip   the draw's clip
     * @param opaque the image, area, brush, descriptor, scale mode and mask
     * @throws CanvasException if the pattern is empty or a scaled source area is empty
     */
    public void opaque(Rect box, Clip clip, Opaque opaque) throws CanvasException {
        Region region = maskRegion(clipRegion(box, clip), opaque.mask(), box);
        if (region.isEmpty()) {
            return;
        }
        checkBrush(opaque.brush());
        PixelBuffer source = detach(opaque.source());
        if (sameSize(box, opaque.sourceArea())) {
            blit(region, source, box.left() - opaque.sourceArea().left(), box.top() - opaque.sourceArea().top(),
                    RasterOp.COPY);
        } else {
            drawScaled(region, source, opaque.sourceArea(), box, opaque.scaleMode().filter(), RasterOp.COPY);
        }
        drawBrush(region, opaque.brush(), RopDescriptor.forOpaque(opaque.ropDescriptor()));
    }

    /**
     * DRAW_BLACKNESS: all 32 bits cleared.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param mask the mask, or null
     */
    public void blackness(Rect box, Clip clip, QMask mask) {
        forEachRect(maskRegion(clipRegion(box, clip), mask, box), (l, t, r, b) -> fillRect(l, t, r, b, 0));
    }

    /**
     * DRAW_WHITENESS: all 32 bits set.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param mask the mask, or null
     */
    public void whiteness(Rect box, Clip clip, QMask mask) {
        forEachRect(maskRegion(clipRegion(box, clip), mask, box), (l, t, r, b) -> fillRect(l, t, r, b, -1));
    }

    /**
     * DRAW_INVERS: all 32 bits inverted.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param mask the mask, or null
     */
    public void invers(Rect box, Clip clip, QMask mask) {
        forEachRect(maskRegion(clipRegion(box, clip), mask, box),
                (l, t, r, b) -> ropSolidRect(l, t, r, b, 0, RasterOp.INVERT));
    }

    /**
     * DRAW_ROP3. spice-common computes the operation over the whole box before clipping; a pattern whose
     * offset comes out negative makes it read before the pattern, where Saffron wraps the offset instead.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param rop3 the image, area, brush, code, scale mode and mask
     * @throws CanvasException when an unscaled source area does not lie inside the image, or the pattern or a
     *                         scaled source area is empty
     */
    public void rop3(Rect box, Clip clip, Rop3 rop3) throws CanvasException {
        Rect area = rop3.sourceArea();
        boolean scaled = !sameSize(box, area);
        if (!scaled && (area.left() < 0 || area.top() < 0 || area.right() > rop3.source().width()
                || area.bottom() > rop3.source().height())) {
            throw new CanvasException("ROP3 source area " + area + " is not inside its " + rop3.source().width()
                    + "x" + rop3.source().height() + " image");
        }
        checkBrush(rop3.brush());
        Region region = maskRegion(clipRegion(box, clip), rop3.mask(), box);
        if (region.isEmpty()) {
            return;
        }
        TernaryRop op = new TernaryRop(rop3.code() & 0xFF);
        PixelBuffer source = detach(rop3.source());
        ScaledSource scaledSource = scaled ? ScaledSource.forRop3(source, area, box, rop3.scaleMode()) : null;
        Brush brush = rop3.brush();
        int color = brush instanceof Brush.Solid solid ? solid.color() : 0;
        PixelBuffer pattern = brush instanceof Brush.Pattern p ? p.image() : null;
        int patternX = 0;
        int patternY = 0;
        if (pattern != null) {
            Brush.Pattern p = (Brush.Pattern) brush;
            patternX = Math.floorMod((long) box.left() - p.x(), pattern.width());
            patternY = Math.floorMod((long) box.top() - p.y(), pattern.height());
        }
        int[] row = new int[region.extents().width()];
        for (int b = 0; b < region.bandCount(); b++) {
            for (int y = region.bandTop(b); y < region.bandBottom(b); y++) {
                int j = y - box.top();
                for (int s = region.firstSpan(b); s < region.endSpan(b); s++) {
                    int left = region.spanLeft(s);
                    int count = region.spanRight(s) - left;
                    int i0 = left - box.left();
                    if (scaledSource != null) {
                        scaledSource.fetch(i0, j, count, row);
                    } else {
                        readRow(source, area.left() + i0, area.top() + j, count, row);
                    }
                    long at = address(left, y);
                    for (int k = 0; k < count; k++, at += 4) {
                        int p = pattern == null ? color
                                : pattern.get((patternX + i0 + k) % pattern.width(), (patternY + j) % pattern.height());
                        segment.set(PIXEL, at, op.apply(p, row[k], segment.get(PIXEL, at)));
                    }
                }
            }
        }
    }

    /**
     * DRAW_TRANSPARENT.
     *
     * @param box         the draw's box
     * @param clip        the draw's clip
     * @param transparent the image, area and key colour
     * @throws CanvasException when a scaled source area is empty
     */
    public void transparent(Rect box, Clip clip, Transparent transparent) throws CanvasException {
        Region region = clipRegion(box, clip);
        if (region.isEmpty()) {
            return;
        }
        PixelBuffer source = detach(transparent.source());
        // spice-common narrows the key and the image to a 16-bit surface's format before comparing them.
        int kept = depth.keptBits();
        int key = transparent.trueColor() & kept;
        Rect area = transparent.sourceArea();
        if (sameSize(box, area)) {
            int dx = box.left() - area.left();
            int dy = box.top() - area.top();
            Rect reachable = source.bounds().translate(dx, dy);
            forEachRect(region, (l, t, r, b) -> {
                Rect rect = new Rect(l, t, r, b).intersect(reachable);
                for (int y = rect.top(); y < rect.bottom(); y++) {
                    for (int x = rect.left(); x < rect.right(); x++) {
                        int v = source.get(x - dx, y - dy);
                        if ((v & kept) != key) {
                            segment.set(PIXEL, address(x, y), v);
                        }
                    }
                }
            });
            return;
        }
        ScaledSource scaled = ScaledSource.forCopy(source, area, box, Filter.NEAREST, source.hasAlpha(), region);
        int[] row = new int[region.extents().width()];
        forEachRow(region, (left, y, count) -> {
            scaled.fetch(left - box.left(), y - box.top(), count, row);
            long at = address(left, y);
            for (int k = 0; k < count; k++, at += 4) {
                if ((row[k] & kept) != key) {
                    segment.set(PIXEL, at, row[k]);
                }
            }
        });
    }

    /**
     * DRAW_ALPHA_BLEND. On a surface without alpha (and without {@code destHasAlpha}) spice-common then
     * clears the top byte of the whole box, clip or not, when the box's first pixel on the surface has an
     * opaque top byte; Saffron does the same.
     *
     * @param box   the draw's box
     * @param clip  the draw's clip
     * @param blend the image, area, overall alpha and destination flag
     * @throws CanvasException when a scaled source area is empty
     */
    public void alphaBlend(Rect box, Clip clip, AlphaBlend blend) throws CanvasException {
        Region region = clipRegion(box, clip);
        if (region.isEmpty() || blend.alpha() == 0) {
            return;
        }
        PixelBuffer source = detach(blend.source());
        Sampler mask = blend.alpha() == 0xFF ? null : Sampler.solid(blend.alpha() << 24);
        boolean destAlpha = target.hasAlpha() || blend.destHasAlpha();
        Rect area = blend.sourceArea();
        if (sameSize(box, area)) {
            Sampler src = Sampler.of(source, !source.hasAlpha(), Filter.NEAREST, Repeat.NONE, null);
            composite(region, CompositeOp.OVER, src, area.left() - box.left(), area.top() - box.top(), mask,
                    -box.left(), -box.top(), false, destAlpha);
        } else {
            checkScaledArea(area);
            Sampler src = Sampler.of(source, !source.hasAlpha(), Filter.NEAREST, Repeat.NONE,
                    ScaledSource.scaleTransform(area, box));
            composite(region, CompositeOp.OVER, src, -box.left(), -box.top(), mask, -box.left(), -box.top(), false,
                    destAlpha);
        }
        if (!destAlpha) {
            clearDestAlpha(box);
        }
    }

    /**
     * DRAW_COMPOSITE.
     *
     * @param box       the draw's box
     * @param clip      the draw's clip
     * @param composite the operator, pictures, origins and flags
     * @throws CanvasException for convolution filters
     */
    public void composite(Rect box, Clip clip, Composite composite) throws CanvasException {
        Sampler src = Sampler.of(detach(composite.source()));
        Sampler mask = composite.mask() == null ? null : Sampler.of(detach(composite.mask()));
        Region region = clipRegion(box, clip);
        if (region.isEmpty()) {
            return;
        }
        int width = box.right() - box.left();
        int height = box.bottom() - box.top();
        int sx = composite.sourceX();
        int sy = composite.sourceY();
        if (!src.accepts(sx, sy, sx + width, sy + height) || (mask != null && !mask.accepts(composite.maskX(),
                composite.maskY(), composite.maskX() + width, composite.maskY() + height))) {
            return;
        }
        composite(region, composite.op(), src, sx - box.left(), sy - box.top(), mask,
                composite.maskX() - box.left(), composite.maskY() - box.top(), composite.componentAlpha(),
                target.hasAlpha());
    }

    /**
     * DRAW_TEXT (see {@link Text} for what spice-common ignores). Where glyphs overlap, the coverage is the
     * union (A1) or the maximum (A4, A8); an A4 pixel of 15 covers 240/255. The foreground pattern's origin
     * is placed relative to the glyphs' bounding box, not to the surface, as in spice-common. On a surface
     * without alpha the top byte of the glyphs' bounding box is then cleared as after DRAW_ALPHA_BLEND.
     * spice-common reads A8 glyphs one row off: row r of the glyph shows data row {@code height - r}, so the
     * first data row is never shown and the top row comes from whatever follows the glyph in memory, which
     * Saffron reads as zero coverage.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param text the string, brushes and modes
     * @throws CanvasException when the string has no glyphs, a glyph's data is short, a background comes with
     *                         a fore mode other than {@code OP_PUT}, or a pattern is empty
     */
    public void text(Rect box, Clip clip, Text text) throws CanvasException {
        int flags = text.stringFlags();
        int depth = (flags & Text.RASTER_A1) != 0 ? 1 : (flags & Text.RASTER_A4) != 0 ? 4
                : (flags & Text.RASTER_A8) != 0 ? 8 : 0;
        Rect back = text.backArea();
        boolean hasBack = back.top() != back.bottom() && back.left() != back.right();
        if (hasBack && text.foreMode() != RopDescriptor.OP_PUT) {
            throw new CanvasException("text with a background needs fore mode OP_PUT, not " + text.foreMode());
        }
        checkBrush(text.backBrush());
        checkBrush(text.foreBrush());
        if (depth != 0) {
            if (text.glyphs().isEmpty()) {
                throw new CanvasException("text string without glyphs");
            }
            for (Glyph g : text.glyphs()) {
                if (g.data().byteSize() < (long) Glyph.rowBytes(g.width(), depth) * g.height()) {
                    throw new CanvasException("glyph data of " + g.data().byteSize() + " bytes is short for "
                            + g.width() + "x" + g.height() + " at " + depth + " bits");
                }
            }
        }
        Region region = clipRegion(box, clip);
        if (region.isEmpty()) {
            return;
        }
        if (hasBack) {
            Region backRegion = region.intersect(back);
            if (!backRegion.isEmpty()) {
                drawBrush(backRegion, text.backBrush(), RasterOp.COPY);
            }
        }
        if (depth == 0 || text.foreBrush() instanceof Brush.None) {
            return;
        }
        drawGlyphs(region, text, depth);
    }

    private void drawGlyphs(Region region, Text text, int depth) throws CanvasException {
        long left = Long.MAX_VALUE;
        long top = Long.MAX_VALUE;
        long right = Long.MIN_VALUE;
        long bottom = Long.MIN_VALUE;
        for (Glyph g : text.glyphs()) {
            left = Math.min(left, g.left());
            top = Math.min(top, g.top());
            right = Math.max(right, g.left() + g.width());
            bottom = Math.max(bottom, g.top() + g.height());
        }
        if (left != (int) left || top != (int) top || right != (int) right || bottom != (int) bottom) {
            throw new CanvasException("glyphs placed beyond 32-bit coordinates");
        }
        Rect bounds = new Rect((int) left, (int) top, (int) right, (int) bottom);
        Region covered = region.intersect(bounds);
        Rect e = covered.extents();
        Sampler brush = switch (text.foreBrush()) {
            case Brush.Solid solid -> Sampler.solid(0xFF000000 | solid.color());
            case Brush.Pattern p -> Sampler.of(p.image(), !p.image().hasAlpha(), Filter.NEAREST, Repeat.NORMAL,
                    new Transform(Transform.ONE, 0, -p.x() << 16, 0, Transform.ONE, -p.y() << 16));
            case Brush.None none -> throw new IllegalStateException("no brush");
        };
        boolean accepted = !covered.isEmpty() && bounds.width() < 0x7FFF && bounds.height() < 0x7FFF
                && Sampler.solid(0).accepts(e.left() - bounds.left(), e.top() - bounds.top(),
                        e.right() - bounds.left(), e.bottom() - bounds.top())
                && brush.accepts(e.left() - bounds.left(), e.top() - bounds.top(), e.right() - bounds.left(),
                        e.bottom() - bounds.top());
        if (accepted) {
            AlphaBuffer coverage = glyphCoverage(text.glyphs(), depth, e);
            Sampler mask = Sampler.of(Picture.of(coverage, Filter.NEAREST, Repeat.NONE, null));
            composite(covered, CompositeOp.OVER, brush, -bounds.left(), -bounds.top(), mask, -e.left(), -e.top(),
                    false, target.hasAlpha());
        }
        if (!target.hasAlpha()) {
            clearDestAlpha(bounds);
        }
    }

    /** The glyphs' coverage over the surface rectangle {@code area}, as spice-common builds its mask. */
    private static AlphaBuffer glyphCoverage(java.util.List<Glyph> glyphs, int depth, Rect area) {
        int width = area.width();
        int height = area.height();
        byte[] coverage = new byte[Math.multiplyExact(width, height)];
        for (Glyph g : glyphs) {
            long gl = g.left();
            long gt = g.top();
            int fromY = (int) Math.max(0, area.top() - gt);
            int toY = (int) Math.min(g.height(), area.bottom() - gt);
            int fromX = (int) Math.max(0, area.left() - gl);
            int toX = (int) Math.min(g.width(), area.right() - gl);
            int rowBytes = Glyph.rowBytes(g.width(), depth);
            for (int gy = fromY; gy < toY; gy++) {
                // spice-common starts A8 glyphs one row past their data and never reads their first row
                int dataRow = depth == 8 ? g.height() - gy : g.height() - 1 - gy;
                if (dataRow >= g.height()) {
                    continue;
                }
                long row = (long) dataRow * rowBytes;
                int out = (int) ((gt + gy - area.top()) * width + (gl - area.left()));
                for (int gx = fromX; gx < toX; gx++) {
                    int value = switch (depth) {
                        case 1 -> (g.data().get(ValueLayout.JAVA_BYTE, row + (gx >> 3)) >> (7 - (gx & 7)) & 1) * 0xFF;
                        case 4 -> {
                            int b = g.data().get(ValueLayout.JAVA_BYTE, row + (gx >> 1)) & 0xFF;
                            yield (gx & 1) == 0 ? b & 0xF0 : b << 4;
                        }
                        default -> g.data().get(ValueLayout.JAVA_BYTE, row + gx) & 0xFF;
                    };
                    // spice-common compares before narrowing to a byte: an odd A4 pixel whose byte has its
                    // high nibble set always wins, keeping only its low nibble.
                    if (value > (coverage[out + gx] & 0xFF)) {
                        coverage[out + gx] = (byte) value;
                    }
                }
            }
        }
        return new AlphaBuffer(MemorySegment.ofArray(coverage), 0, width, height, width);
    }

    /**
     * DRAW_STROKE (see {@link Stroke}): the path's lines drawn on the surface with the brush and the fore
     * ROP, each segment's pixels once even where a later segment crosses them again.
     *
     * @param box    the draw's box
     * @param clip   the draw's clip
     * @param stroke the path, line attributes, brush and modes
     * @throws CanvasException for a dash style with no length or none at all, an empty pattern, or a
     *                         malformed path (a Bezier
     *                         segment without triples or without a current point, or a degenerate curve)
     */
    public void stroke(Rect box, Clip clip, Stroke stroke) throws CanvasException {
        Region region = clipRegion(box, clip);
        if (region.isEmpty()) {
            return;
        }
        DashPattern dashes = (stroke.lineFlags() & Stroke.STYLED) == 0 ? null
                : DashPattern.of(stroke.style(), (stroke.lineFlags() & Stroke.START_WITH_GAP) != 0);
        checkBrush(stroke.brush());
        java.util.List<int[]> polylines = StrokePath.flatten(stroke.path());
        RasterOp op = RopDescriptor.forBrush(stroke.foreMode());
        Brush brush = stroke.brush() instanceof Brush.None ? new Brush.Solid(0) : stroke.brush();
        ZeroWidthLine lines = new ZeroWidthLine(bounds.width(), bounds.height());
        for (int[] polyline : polylines) {
            if (dashes == null) {
                lines.draw(polyline, polyline.length / 2, (xs, ys, widths, count) -> {
                    for (int i = 0; i < count; i++) {
                        drawSpan(region, xs[i], ys[i], widths[i], brush, op);
                    }
                });
            } else {
                drawDashed(lines, polyline, dashes, region, brush, op);
            }
        }
    }

    /**
     * A dashed polyline: each segment's pixels as the solid line has them, kept where the dash pattern is on.
     * The pattern starts afresh with each polyline and runs on from one segment into the next, one step per
     * pixel along the segment's major axis (spice-common draws X's one-pixel-wide dashed polygons instead,
     * measured along the line, so diagonal dashes can end a pixel apart from spice-gtk's).
     */
    private void drawDashed(ZeroWidthLine lines, int[] polyline, DashPattern dashes, Region region, Brush brush,
                            RasterOp op) {
        long travelled = 0;
        for (int p = 0; p + 3 < polyline.length; p += 2) {
            int x0 = polyline[p];
            int y0 = polyline[p + 1];
            int[] segment = {x0, y0, polyline[p + 2], polyline[p + 3]};
            long start = travelled;
            lines.draw(segment, 2, (xs, ys, widths, count) -> {
                for (int i = 0; i < count; i++) {
                    for (int x = xs[i]; x < xs[i] + widths[i]; x++) {
                        long step = Math.max(Math.abs((long) x - x0), Math.abs((long) ys[i] - y0));
                        if (dashes.isOn(start + step)) {
                            drawSpan(region, x, ys[i], 1, brush, op);
                        }
                    }
                }
            });
            travelled += Math.max(Math.abs((long) segment[2] - x0), Math.abs((long) segment[3] - y0));
        }
    }

    /** One line span cut to the region, drawn with the brush as {@code draw_brush} would. */
    private void drawSpan(Region region, int x, int y, int width, Brush brush, RasterOp op) {
        int band = region.bandAt(y);
        if (band < 0) {
            return;
        }
        long end = (long) x + width;
        for (int s = region.firstSpan(band); s < region.endSpan(band); s++) {
            int left = Math.max(x, region.spanLeft(s));
            int right = (int) Math.min(end, region.spanRight(s));
            if (left >= right) {
                continue;
            }
            switch (brush) {
                case Brush.Solid solid when op == RasterOp.COPY -> fillRect(left, y, right, y + 1, solid.color());
                case Brush.Solid solid -> ropSolidRect(left, y, right, y + 1, solid.color(), op);
                case Brush.Pattern pattern -> tileRect(left, y, right, y + 1, pattern, op);
                case Brush.None none -> ropSolidRect(left, y, right, y + 1, 0, op);
            }
        }
    }

    /**
     * COPY_BITS: the box's size copied from {@code (srcX, srcY)} within this surface, overlap-safe. Pixels
     * whose source lies outside the surface are left alone.
     *
     * @param box  the draw's box
     * @param clip the draw's clip
     * @param srcX source x of the box's left edge
     * @param srcY source y of the box's top edge
     */
    public void copyBits(Rect box, Clip clip, int srcX, int srcY) {
        long dxLong = (long) box.left() - srcX;
        long dyLong = (long) box.top() - srcY;
        if (dxLong == 0 && dyLong == 0) {
            return;
        }
        if (Math.abs(dxLong) >= bounds.width() || Math.abs(dyLong) >= bounds.height()) {
            return;
        }
        int dx = (int) dxLong;
        int dy = (int) dyLong;
        Region region = clipRegion(box, clip).intersect(bounds.translate(dx, dy));
        int bands = region.bandCount();
        if (dy > 0) {
            for (int b = bands - 1; b >= 0; b--) {
                if (dx >= 0) {
                    for (int s = region.endSpan(b) - 1; s >= region.firstSpan(b); s--) {
                        moveRect(region, b, s, dx, dy);
                    }
                } else {
                    for (int s = region.firstSpan(b); s < region.endSpan(b); s++) {
                        moveRect(region, b, s, dx, dy);
                    }
                }
            }
        } else {
            for (int b = 0; b < bands; b++) {
                if (dx > 0) {
                    for (int s = region.endSpan(b) - 1; s >= region.firstSpan(b); s--) {
                        moveRect(region, b, s, dx, dy);
                    }
                } else {
                    for (int s = region.firstSpan(b); s < region.endSpan(b); s++) {
                        moveRect(region, b, s, dx, dy);
                    }
                }
            }
        }
    }

    private void moveRect(Region region, int band, int span, int dx, int dy) {
        int left = region.spanLeft(span);
        long bytes = 4L * (region.spanRight(span) - left);
        int top = region.bandTop(band);
        int bottom = region.bandBottom(band);
        if (dy > 0) {
            for (int y = bottom - 1; y >= top; y--) {
                MemorySegment.copy(segment, address(left - dx, y - dy), segment, address(left, y), bytes);
            }
        } else {
            for (int y = top; y < bottom; y++) {
                MemorySegment.copy(segment, address(left - dx, y - dy), segment, address(left, y), bytes);
            }
        }
    }

    // ---- regions

    /** The box cut to the surface and to the clip ({@code canvas_clip_pixman}). */
    Region clipRegion(Rect box, Clip clip) {
        Rect cut = box.intersect(bounds);
        if (cut.isEmpty()) {
            return Region.EMPTY;
        }
        return switch (clip) {
            case Clip.None none -> Region.of(cut);
            case Clip.Rects rects -> Region.union(rects.rects(), cut);
        };
    }

    /**
     * The region cut to the mask's set (or, inverted, clear) bits ({@code canvas_mask_pixman}); pixels whose
     * mask pixel lies outside the bitmap drop out either way.
     */
    static Region maskRegion(Region region, QMask mask, Rect box) {
        if (mask == null || region.isEmpty()) {
            return region;
        }
        MaskBitmap bits = mask.bitmap();
        long shiftX = (long) mask.posX() - box.left();
        long shiftY = (long) mask.posY() - box.top();
        Region.Builder out = new Region.Builder();
        byte[] rowBytes = new byte[(bits.width() + 7) / 8];
        for (int b = 0; b < region.bandCount(); b++) {
            for (int y = region.bandTop(b); y < region.bandBottom(b); y++) {
                long my = y + shiftY;
                if (my < 0 || my >= bits.height()) {
                    continue;
                }
                int memoryRow = bits.topDown() ? (int) my : bits.height() - 1 - (int) my;
                MemorySegment.copy(bits.segment(), ValueLayout.JAVA_BYTE,
                        bits.offset() + (long) memoryRow * bits.stride(), rowBytes, 0, rowBytes.length);
                out.startBand(y, y + 1);
                for (int s = region.firstSpan(b); s < region.endSpan(b); s++) {
                    long from = Math.max(region.spanLeft(s) + shiftX, 0);
                    long to = Math.min(region.spanRight(s) + shiftX, bits.width());
                    if (from >= to) {
                        continue;
                    }
                    int runStart = -1;
                    for (int mx = (int) from; mx < to; mx++) {
                        int shift = bits.msbFirst() ? 7 - (mx & 7) : mx & 7;
                        boolean on = ((rowBytes[mx >> 3] >> shift & 1) != 0) != mask.invert();
                        if (on && runStart < 0) {
                            runStart = mx;
                        } else if (!on && runStart >= 0) {
                            out.addSpan((int) (runStart - shiftX), (int) (mx - shiftX));
                            runStart = -1;
                        }
                    }
                    if (runStart >= 0) {
                        out.addSpan((int) (runStart - shiftX), (int) (to - shiftX));
                    }
                }
                out.endBand();
            }
        }
        return out.build();
    }

    // ---- brushes, fills and blits

    private static void checkBrush(Brush brush) throws CanvasException {
        if (brush instanceof Brush.Pattern p && (p.image().width() == 0 || p.image().height() == 0)) {
            throw new CanvasException("empty pattern " + p.image().width() + "x" + p.image().height());
        }
    }

    /** {@code draw_brush}: the brush over every rectangle of the region with the operation. */
    private void drawBrush(Region region, Brush brush, RasterOp op) throws CanvasException {
        checkBrush(brush);
        switch (brush) {
            case Brush.Solid solid -> {
                if (op == RasterOp.COPY) {
                    forEachRect(region, (l, t, r, b) -> fillRect(l, t, r, b, solid.color()));
                } else {
                    forEachRect(region, (l, t, r, b) -> ropSolidRect(l, t, r, b, solid.color(), op));
                }
            }
            case Brush.Pattern pattern -> forEachRect(region, (l, t, r, b) -> tileRect(l, t, r, b, pattern, op));
            case Brush.None none -> forEachRect(region, (l, t, r, b) -> ropSolidRect(l, t, r, b, 0, op));
        }
    }

    private void fillRect(int left, int top, int right, int bottom, int value) {
        long bytes = 4L * (right - left);
        if ((value & 0xFF) * 0x01010101 == value) {
            for (int y = top; y < bottom; y++) {
                segment.asSlice(address(left, y), bytes).fill((byte) value);
            }
            return;
        }
        long first = address(left, top);
        for (long at = first; at < first + bytes; at += 4) {
            segment.set(PIXEL, at, value);
        }
        for (int y = top + 1; y < bottom; y++) {
            MemorySegment.copy(segment, first, segment, address(left, y), bytes);
        }
    }

    private void ropSolidRect(int left, int top, int right, int bottom, int value, RasterOp op) {
        for (int y = top; y < bottom; y++) {
            long at = address(left, y);
            for (int x = left; x < right; x++, at += 4) {
                segment.set(PIXEL, at, op.apply(value, segment.get(PIXEL, at)));
            }
        }
    }

    /** {@code spice_pixman_tile_rect(_rop)}: the pattern's pixel (0, 0) lands on the brush position. */
    private void tileRect(int left, int top, int right, int bottom, Brush.Pattern pattern, RasterOp op) {
        PixelBuffer tile = pattern.image();
        int tileWidth = tile.width();
        int tileHeight = tile.height();
        int startX = Math.floorMod((long) left - pattern.x(), tileWidth);
        int tileY = Math.floorMod((long) top - pattern.y(), tileHeight);
        for (int y = top; y < bottom; y++) {
            long at = address(left, y);
            long tileRow = tile.offset() + (long) tileY * tile.stride();
            int tileX = startX;
            int x = left;
            while (x < right) {
                int run = Math.min(right - x, tileWidth - tileX);
                long from = tileRow + 4L * tileX;
                if (op == RasterOp.COPY) {
                    MemorySegment.copy(tile.segment(), from, segment, at, 4L * run);
                } else {
                    for (int k = 0; k < run; k++) {
                        int s = tile.segment().get(PIXEL, from + 4L * k);
                        segment.set(PIXEL, at + 4L * k, op.apply(s, segment.get(PIXEL, at + 4L * k)));
                    }
                }
                at += 4L * run;
                x += run;
                tileX = 0;
            }
            if (++tileY == tileHeight) {
                tileY = 0;
            }
        }
    }

    /**
     * {@code spice_pixman_blit(_rop)} over the region: destination (x, y) reads source
     * {@code (x - dx, y - dy)}; pixels whose source lies outside the image are not touched.
     */
    private void blit(Region region, PixelBuffer source, int dx, int dy, RasterOp op) {
        Rect reachable = source.bounds().translate(dx, dy);
        forEachRect(region, (l, t, r, b) -> {
            Rect rect = new Rect(l, t, r, b).intersect(reachable);
            if (rect.isEmpty()) {
                return;
            }
            long bytes = 4L * rect.width();
            for (int y = rect.top(); y < rect.bottom(); y++) {
                long from = source.offset() + (long) (y - dy) * source.stride() + 4L * (rect.left() - dx);
                long at = address(rect.left(), y);
                if (op == RasterOp.COPY) {
                    MemorySegment.copy(source.segment(), from, segment, at, bytes);
                } else {
                    for (long k = 0; k < bytes; k += 4) {
                        int s = source.segment().get(PIXEL, from + k);
                        segment.set(PIXEL, at + k, op.apply(s, segment.get(PIXEL, at + k)));
                    }
                }
            }
        });
    }

    /**
     * The scaled branch of DRAW_COPY and DRAW_OPAQUE ({@code scale_image(_rop)}): the source area sampled
     * by pixman onto the box, then copied or combined with the surface.
     */
    private void drawScaled(Region region, PixelBuffer source, Rect area, Rect box, Filter filter, RasterOp op)
            throws CanvasException {
        boolean direct = op == RasterOp.COPY;
        ScaledSource scaled = ScaledSource.forCopy(source, area, box, filter,
                direct ? target.hasAlpha() : source.hasAlpha(), region);
        if (direct && !scaled.accepted()) {
            return;
        }
        int[] row = new int[region.extents().width()];
        forEachRow(region, (left, y, count) -> {
            scaled.fetch(left - box.left(), y - box.top(), count, row);
            long at = address(left, y);
            if (direct) {
                MemorySegment.copy(row, 0, segment, PIXEL, at, count);
            } else {
                for (int k = 0; k < count; k++, at += 4) {
                    segment.set(PIXEL, at, op.apply(row[k], segment.get(PIXEL, at)));
                }
            }
        });
    }

    private static void checkScaledArea(Rect area) throws CanvasException {
        if (area.right() <= area.left() || area.bottom() <= area.top()) {
            throw new CanvasException("empty source area " + area + " to scale");
        }
    }

    /** Reads {@code count} raw pixels of a row, zeros where the row leaves the image. */
    private static void readRow(PixelBuffer image, int x, int y, int count, int[] out) {
        for (int k = 0; k < count; k++) {
            int sx = x + k;
            out[k] = sx >= 0 && sx < image.width() && y >= 0 && y < image.height() ? image.get(sx, y) : 0;
        }
    }

    // ---- pixman compositing onto the surface

    /**
     * {@code pixman_image_composite32} onto the surface, clipped to the region: destination pixel (x, y)
     * reads source {@code (x + srcDx, y + srcDy)} and mask {@code (x + maskDx, y + maskDy)}; nothing happens
     * when pixman would refuse the extents.
     */
    private void composite(Region region, CompositeOp op, Sampler src, int srcDx, int srcDy, Sampler mask,
            int maskDx, int maskDy, boolean componentAlpha, boolean destHasAlpha) {
        Rect e = region.extents();
        if (!src.accepts(e.left() + srcDx, e.top() + srcDy, e.right() + srcDx, e.bottom() + srcDy)
                || (mask != null && !mask.accepts(e.left() + maskDx, e.top() + maskDy, e.right() + maskDx,
                        e.bottom() + maskDy))) {
            return;
        }
        int width = e.width();
        int[] s = new int[width];
        int[] m = mask == null ? null : new int[width];
        int[] d = new int[width];
        if (op == CompositeOp.DST) {
            return;
        }
        boolean rawAlpha = destHasAlpha || op == CompositeOp.OVER || op == CompositeOp.ADD;
        int forcedAlpha = rawAlpha ? 0 : 0xFF000000;
        int keptBits = rawAlpha ? -1 : 0x00FFFFFF;
        forEachRow(region, (left, y, count) -> {
            src.fetchRow(left + srcDx, y + srcDy, count, s);
            if (mask != null) {
                mask.fetchRow(left + maskDx, y + maskDy, count, m);
            }
            long at = address(left, y);
            MemorySegment.copy(segment, PIXEL, at, d, 0, count);
            for (int k = 0; k < count; k++) {
                d[k] |= forcedAlpha;
            }
            Combiner.combine(op, componentAlpha, d, s, m, count);
            for (int k = 0; k < count; k++) {
                d[k] &= keptBits;
            }
            MemorySegment.copy(d, 0, segment, PIXEL, at, count);
        });
    }

    /**
     * {@code clear_dest_alpha}: after OVER on a surface without alpha, spice-common clears the top byte of the
     * draw's rectangle (cut to the surface) when the rectangle's first pixel has an opaque top byte.
     */
    private void clearDestAlpha(Rect rect) {
        Rect cut = rect.intersect(bounds);
        if (cut.isEmpty() || (segment.get(PIXEL, address(cut.left(), cut.top())) >>> 24) != 0xFF) {
            return;
        }
        forEachRect(Region.of(cut), (l, t, r, b) -> ropSolidRect(l, t, r, b, 0x00FFFFFF, RasterOp.AND));
    }

    // ---- helpers

    private static boolean sameSize(Rect a, Rect b) {
        return (long) a.right() - a.left() == (long) b.right() - b.left()
                && (long) a.bottom() - a.top() == (long) b.bottom() - b.top();
    }

    private long address(int x, int y) {
        return base + (long) y * stride + 4L * x;
    }

    /** @return the image, or a heap copy of it when it shares memory with the surface */
    private PixelBuffer detach(PixelBuffer image) {
        if (!overlaps(image.segment(), image.offset(), (long) image.height() * image.stride())) {
            return image;
        }
        PixelBuffer copy = PixelBuffer.allocateHeap(image.width(), image.height(), image.hasAlpha());
        for (int y = 0; y < image.height(); y++) {
            MemorySegment.copy(image.segment(), image.offset() + (long) y * image.stride(), copy.segment(),
                    (long) y * copy.stride(), 4L * image.width());
        }
        return copy;
    }

    private Picture detach(Picture picture) {
        if (picture.pixels() == null) {
            AlphaBuffer a = picture.alpha();
            if (!overlaps(a.segment(), a.offset(), (long) a.height() * a.stride())) {
                return picture;
            }
            byte[] copy = new byte[Math.multiplyExact(a.width(), a.height())];
            for (int y = 0; y < a.height(); y++) {
                MemorySegment.copy(a.segment(), ValueLayout.JAVA_BYTE, a.offset() + (long) y * a.stride(), copy,
                        y * a.width(), a.width());
            }
            return Picture.of(new AlphaBuffer(MemorySegment.ofArray(copy), 0, a.width(), a.height(), a.width()),
                    picture.filter(), picture.repeat(), picture.transform());
        }
        PixelBuffer pixels = detach(picture.pixels());
        return pixels == picture.pixels() ? picture
                : Picture.of(pixels, picture.filter(), picture.repeat(), picture.transform());
    }

    private boolean overlaps(MemorySegment other, long offset, long length) {
        if (other.isNative() != segment.isNative()) {
            return false;
        }
        if (other.isNative()) {
            long start = other.address() + offset;
            long mine = segment.address() + base;
            return start < mine + (long) target.height() * stride && mine < start + length;
        }
        return other.heapBase().isPresent() && other.heapBase().equals(segment.heapBase())
                && other.address() + offset < segment.address() + base + (long) target.height() * stride
                && segment.address() + base < other.address() + offset + length;
    }

    private interface RectAction {
        void apply(int left, int top, int right, int bottom);
    }

    private interface RowAction {
        void apply(int left, int y, int count);
    }

    private static void forEachRect(Region region, RectAction action) {
        for (int b = 0; b < region.bandCount(); b++) {
            for (int s = region.firstSpan(b); s < region.endSpan(b); s++) {
                action.apply(region.spanLeft(s), region.bandTop(b), region.spanRight(s), region.bandBottom(b));
            }
        }
    }

    private static void forEachRow(Region region, RowAction action) {
        for (int b = 0; b < region.bandCount(); b++) {
            for (int y = region.bandTop(b); y < region.bandBottom(b); y++) {
                for (int s = region.firstSpan(b); s < region.endSpan(b); s++) {
                    action.apply(region.spanLeft(s), y, region.spanRight(s) - region.spanLeft(s));
                }
            }
        }
    }
}
