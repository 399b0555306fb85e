package dev.saffron.spice.internal.display;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Reads an image the way pixman's bits-image fetchers do, so that scaled and transformed draws come out
 * bit-exact: 16.16 fixed-point sample points through the image's affine transform, nearest or bilinear
 * (7-bit weights) filtering, and the repeat mode for points outside the image. Pixels of images without
 * alpha read with alpha 0xFF; 8-bit alpha images read as {@code a << 24}; outside the image with
 * {@link Repeat#NONE} a sample reads 0.
 *
 * <p>Coordinates follow pixman: destination pixel centres are at {@code n + 0.5}; the first sample point of
 * a row is transformed with rounding and the rest are reached by adding the transform's first column, in
 * 32-bit arithmetic.
 *
 * <p>One sampler serves one draw: it caches image rows, so the image must not change while it is in use,
 * and it is not thread-safe.
 */
final class Sampler {
    private static final int HALF = 1 << 15;

    private final MemorySegment segment;
    private final long offset;
    private final int stride;
    private final int width;
    private final int height;
    /** 0: 32-bit read as is, 1: 32-bit read with alpha 0xFF, 2: 8-bit alpha, 3: one solid colour */
    private final int kind;
    private final int solid;
    private final boolean bilinear;
    private final Repeat repeat;
    private final Transform transform;
    private final int[][] lines = new int[2][];
    private final int[] lineRows = {-1, -1};
    private int nextSlot;
    private int[] columnTable;
    private int columnStart;
    private int columnStep;
    private int columnCount;

    private Sampler(MemorySegment segment, long offset, int stride, int width, int height, int kind,
            int solid, Filter filter, Repeat repeat, Transform transform) throws CanvasException {
        if (filter == Filter.CONVOLUTION || filter == Filter.SEPARABLE_CONVOLUTION) {
            throw new CanvasException("convolution filters need kernel parameters the protocol does not carry");
        }
        this.segment = segment;
        this.offset = offset;
        this.stride = stride;
        this.width = width;
        this.height = height;
        this.kind = kind;
        this.solid = solid;
        this.bilinear = filter.interpolates();
        this.repeat = repeat;
        this.transform = transform == null || transform.equals(Transform.IDENTITY) ? null : transform;
    }

    /**
     * @param image     the image
     * @param opaque    whether its top byte reads as 0xFF (pixman's x8r8g8b8) rather than as stored
     * @param filter    the filter
     * @param repeat    the repeat mode
     * @param transform the transform, or null
     * @return a sampler of the image
     * @throws CanvasException for convolution filters
     */
    static Sampler of(PixelBuffer image, boolean opaque, Filter filter, Repeat repeat, Transform transform)
            throws CanvasException {
        return new Sampler(image.segment(), image.offset(), image.stride(), image.width(), image.height(),
                opaque ? 1 : 0, 0, filter, repeat, transform);
    }

    /** @return a sampler that reads one colour everywhere (pixman's solid fill image) */
    static Sampler solid(int argb) {
        try {
            return new Sampler(MemorySegment.NULL, 0, 0, 1, 1, 3, argb, Filter.NEAREST, Repeat.NORMAL, null);
        } catch (CanvasException e) {
            throw new AssertionError(e);
        }
    }

    static Sampler of(Picture picture) throws CanvasException {
        if (picture.pixels() != null) {
            PixelBuffer p = picture.pixels();
            return of(p, !p.hasAlpha(), picture.filter(), picture.repeat(), picture.transform());
        }
        AlphaBuffer a = picture.alpha();
        return new Sampler(a.segment(), a.offset(), a.stride(), a.width(), a.height(), 2, 0, picture.filter(),
                picture.repeat(), picture.transform());
    }

    /**
     * Pixman's {@code analyze_extent}: whether pixman runs a composite whose destination region, moved into
     * this image's space (before the transform), spans {@code x1 .. x2-1} by {@code y1 .. y2-1}. Pixman
     * skips the whole composite when the extents leave 16 bits, the image is 32767 pixels or more in either
     * direction, or the transformed extents leave 16.16 fixed point.
     */
    boolean accepts(int x1, int y1, int x2, int y2) {
        if (!fits16(x1 - 1L) || !fits16(y1 - 1L) || !fits16(x2 + 1L) || !fits16(y2 + 1L)) {
            return false;
        }
        if (kind == 3) {
            return true;
        }
        if (width >= 0x7FFF || height >= 0x7FFF) {
            return false;
        }
        if (transform == null) {
            return true;
        }
        long[] box = transformedExtents(x1, y1, x2, y2);
        if (box == null) {
            return false;
        }
        box = transformedExtents(x1 - 1, y1 - 1, x2 + 1, y2 + 1);
        if (box == null) {
            return false;
        }
        long offset = bilinear ? -HALF : -1;
        long size = bilinear ? 1 << 16 : 0;
        return fits16Dot16(box[0] + offset - 8) && fits16Dot16(box[1] + offset - 8)
                && fits16Dot16(box[2] + offset + 8 + size) && fits16Dot16(box[3] + offset + 8 + size);
    }

    /** @return min x, min y, max x, max y of the transformed pixel centres of a box, or null on overflow */
    private long[] transformedExtents(int x1, int y1, int x2, int y2) {
        long[] box = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        long cx1 = ((long) x1 << 16) + HALF;
        long cy1 = ((long) y1 << 16) + HALF;
        long cx2 = ((long) x2 << 16) - HALF;
        long cy2 = ((long) y2 << 16) - HALF;
        for (int i = 0; i < 4; i++) {
            long vx = (i & 1) != 0 ? cx1 : cx2;
            long vy = (i & 2) != 0 ? cy1 : cy2;
            long tx = transformWide(transform.t00(), transform.t01(), transform.t02(), vx, vy);
            long ty = transformWide(transform.t10(), transform.t11(), transform.t12(), vx, vy);
            if (tx != (int) tx || ty != (int) ty) {
                return null;
            }
            box[0] = Math.min(box[0], tx);
            box[1] = Math.min(box[1], ty);
            box[2] = Math.max(box[2], tx);
            box[3] = Math.max(box[3], ty);
        }
        return box;
    }

    private static long transformWide(int m0, int m1, int m2, long vx, long vy) {
        long whole = (long) m0 * (vx >> 16) + (long) m1 * (vy >> 16) + m2;
        long fraction = (long) m0 * (vx & 0xFFFF) + (long) m1 * (vy & 0xFFFF);
        return whole + ((fraction + HALF) >> 16);
    }

    private static boolean fits16(long v) {
        return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
    }

    private static boolean fits16Dot16(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    /**
     * Samples one row: the pixels a composite reads for source-space pixels {@code (x .. x+count-1, y)}.
     *
     * @param x     source-space x of the first pixel (before the transform)
     * @param y     source-space y of the row
     * @param count pixels to fetch
     * @param out   receives the samples, from index 0
     */
    void fetchRow(int x, int y, int count, int[] out) {
        if (transform == null) {
            fetchUntransformed(x, y, count, out);
            return;
        }
        int vx = (x << 16) + HALF;
        int vy = (y << 16) + HALF;
        int px = transformCoordinate(transform.t00(), transform.t01(), transform.t02(), vx, vy);
        int py = transformCoordinate(transform.t10(), transform.t11(), transform.t12(), vx, vy);
        int ux = transform.t00();
        int uy = transform.t10();
        if (uy == 0) {
            if (bilinear) {
                fetchScaledBilinear(px, py, ux, count, out);
            } else {
                fetchScaledNearest(px, py, ux, count, out);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            out[i] = sample(px, py);
            px += ux;
            py += uy;
        }
    }

    /**
     * One row of pixman's point transform ({@code pixman_transform_point_31_16_3d}) for a vector whose third
     * component is 1: integer and fraction parts multiplied separately, the fraction rounded.
     */
    static int transformCoordinate(int m0, int m1, int m2, int vx, int vy) {
        return (int) transformWide(m0, m1, m2, vx, vy);
    }

    private void fetchUntransformed(int x, int y, int count, int[] out) {
        int row = repeat.wrap(y, height);
        if (row < 0) {
            Arrays.fill(out, 0, count, 0);
            return;
        }
        int[] line = line(row);
        if (repeat == Repeat.NONE) {
            long from = Math.max(0, (long) x);
            long to = Math.min(width, (long) x + count);
            if (from >= to) {
                Arrays.fill(out, 0, count, 0);
                return;
            }
            int before = (int) (from - x);
            Arrays.fill(out, 0, before, 0);
            System.arraycopy(line, (int) from, out, before, (int) (to - from));
            Arrays.fill(out, before + (int) (to - from), count, 0);
            return;
        }
        for (int i = 0; i < count; i++) {
            int column = repeat.wrap(x + i, width);
            out[i] = column < 0 ? 0 : line[column];
        }
    }

    /** A row whose sample points share one y: the nearest pixels of one image row. */
    private void fetchScaledNearest(int px, int py, int ux, int count, int[] out) {
        int row = repeat.wrap((py - 1) >> 16, height);
        if (row < 0) {
            Arrays.fill(out, 0, count, 0);
            return;
        }
        int[] line = line(row);
        int[] columns = columns(px, ux, count);
        for (int i = 0; i < count; i++) {
            int column = columns[i];
            out[i] = column < 0 ? 0 : line[column];
        }
    }

    /** A row whose sample points share one y: interpolation between two image rows. */
    private void fetchScaledBilinear(int px, int py, int ux, int count, int[] out) {
        int y1 = py - HALF;
        int distY = (y1 >> 9 & 0x7F) << 1;
        int topRow = repeat.wrap(y1 >> 16, height);
        int bottomRow = repeat.wrap((y1 >> 16) + 1, height);
        int[] top = topRow < 0 ? null : line(topRow);
        int[] bottom = bottomRow < 0 ? null : line(bottomRow);
        int[] columns = columns(px, ux, count);
        for (int i = 0; i < count; i++) {
            int left = columns[3 * i];
            int right = columns[3 * i + 1];
            int distX = columns[3 * i + 2];
            int tl = top == null || left < 0 ? 0 : top[left];
            int tr = top == null || right < 0 ? 0 : top[right];
            int bl = bottom == null || left < 0 ? 0 : bottom[left];
            int br = bottom == null || right < 0 ? 0 : bottom[right];
            out[i] = interpolate(tl, tr, bl, br, distX, distY);
        }
    }

    /** @return the filtered sample at the 16.16 point (fx, fy) */
    int sample(int fx, int fy) {
        if (!bilinear) {
            int column = repeat.wrap((fx - 1) >> 16, width);
            int row = repeat.wrap((fy - 1) >> 16, height);
            return row < 0 || column < 0 ? 0 : texel(column, row);
        }
        int x1 = fx - HALF;
        int y1 = fy - HALF;
        int distX = (x1 >> 9 & 0x7F) << 1;
        int distY = (y1 >> 9 & 0x7F) << 1;
        int left = repeat.wrap(x1 >> 16, width);
        int right = repeat.wrap((x1 >> 16) + 1, width);
        int top = repeat.wrap(y1 >> 16, height);
        int bottom = repeat.wrap((y1 >> 16) + 1, height);
        int tl = top < 0 || left < 0 ? 0 : texel(left, top);
        int tr = top < 0 || right < 0 ? 0 : texel(right, top);
        int bl = bottom < 0 || left < 0 ? 0 : texel(left, bottom);
        int br = bottom < 0 || right < 0 ? 0 : texel(right, bottom);
        return interpolate(tl, tr, bl, br, distX, distY);
    }

    /**
     * Pixman's bilinear blend: 8-bit weights that sum to 65536 per channel, the total truncated. Two channels
     * travel 32 bits apart in one long, so their sums (below 2^24) never meet.
     */
    static int interpolate(int tl, int tr, int bl, int br, int distX, int distY) {
        long wBr = distX * distY;
        long wTr = (distX << 8) - wBr;
        long wBl = (distY << 8) - wBr;
        long wTl = 65536 - (distX << 8) - (distY << 8) + wBr;
        long alphaBlue = spread(tl >>> 24, tl) * wTl + spread(tr >>> 24, tr) * wTr + spread(bl >>> 24, bl) * wBl
                + spread(br >>> 24, br) * wBr;
        long redGreen = spread(tl >>> 16, tl >>> 8) * wTl + spread(tr >>> 16, tr >>> 8) * wTr
                + spread(bl >>> 16, bl >>> 8) * wBl + spread(br >>> 16, br >>> 8) * wBr;
        return (int) (alphaBlue >>> 48) << 24 | (int) (redGreen >>> 48) << 16
                | (int) (redGreen >>> 16 & 0xFF) << 8 | (int) (alphaBlue >>> 16 & 0xFF);
    }

    private static long spread(int high, int low) {
        return (long) (high & 0xFF) << 32 | (low & 0xFF);
    }

    /**
     * The image columns a row of sample points starting at {@code px} and stepping {@code ux} reads: one
     * column (or -1) per point for nearest sampling; left column, right column and weight per point for
     * bilinear. Rows of a draw share their start and step, so the table is kept for the next row.
     */
    private int[] columns(int px, int ux, int count) {
        if (columnTable != null && px == columnStart && ux == columnStep && count <= columnCount) {
            return columnTable;
        }
        int stride = bilinear ? 3 : 1;
        if (columnTable == null || columnTable.length < stride * count) {
            columnTable = new int[stride * count];
        }
        int x = px;
        for (int i = 0; i < count; i++, x += ux) {
            if (bilinear) {
                int x1 = x - HALF;
                columnTable[3 * i] = repeat.wrap(x1 >> 16, width);
                columnTable[3 * i + 1] = repeat.wrap((x1 >> 16) + 1, width);
                columnTable[3 * i + 2] = (x1 >> 9 & 0x7F) << 1;
            } else {
                columnTable[i] = repeat.wrap((x - 1) >> 16, width);
            }
        }
        columnStart = px;
        columnStep = ux;
        columnCount = count;
        return columnTable;
    }

    /** @return image row {@code row} as pixman fetches it, from a two-row cache */
    private int[] line(int row) {
        for (int slot = 0; slot < 2; slot++) {
            if (lineRows[slot] == row && lines[slot] != null) {
                nextSlot = 1 - slot;
                return lines[slot];
            }
        }
        int slot = nextSlot;
        nextSlot = 1 - slot;
        if (lines[slot] == null) {
            lines[slot] = new int[width];
        }
        int[] line = lines[slot];
        lineRows[slot] = row;
        switch (kind) {
            case 0, 1 -> {
                MemorySegment.copy(segment, PixelBuffer.PIXEL, offset + (long) row * stride, line, 0, width);
                if (kind == 1) {
                    for (int i = 0; i < width; i++) {
                        line[i] |= 0xFF000000;
                    }
                }
            }
            case 2 -> {
                for (int i = 0; i < width; i++) {
                    line[i] = (segment.get(ValueLayout.JAVA_BYTE, offset + (long) row * stride + i) & 0xFF) << 24;
                }
            }
            default -> Arrays.fill(line, solid);
        }
        return line;
    }

    /** @return pixel (x, y), inside the image, as pixman fetches it */
    int texel(int x, int y) {
        return switch (kind) {
            case 0 -> segment.get(PixelBuffer.PIXEL, offset + (long) y * stride + 4L * x);
            case 1 -> segment.get(PixelBuffer.PIXEL, offset + (long) y * stride + 4L * x) | 0xFF000000;
            case 2 -> (segment.get(ValueLayout.JAVA_BYTE, offset + (long) y * stride + x) & 0xFF) << 24;
            default -> solid;
        };
    }
}
