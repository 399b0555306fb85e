package dev.saffron.spice.internal.display;

import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.wire.WireReader;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the drawing structures of display messages (protocol reference §4.2–4.3) into the canvas's inputs:
 * brushes, masks, the per-operation records, glyph strings and paths. Images go through the channel's
 * {@link ImageReader}. One per display channel, used on its thread.
 */
public final class DrawParser {
    static final int BRUSH_NONE = 0;
    static final int BRUSH_SOLID = 1;
    static final int BRUSH_PATTERN = 2;
    static final int MASK_INVERS = 1;
    static final int LINE_STYLED = 8;
    static final int BITMAP_1BIT_LE = 1;
    static final int BITMAP_1BIT_BE = 2;
    static final int BITMAP_TOP_DOWN = 4;
    static final int BITMAP_PALETTE_FROM_CACHE = 2;
    static final int IMAGE_TYPE_BITMAP = 0;
    /** The image type's place in a SpiceImage descriptor, after the u64 id. */
    static final int IMAGE_TYPE_OFFSET = 8;
    /** A SURFACE image's surface id, after the descriptor (id, type, flags, width, height). */
    static final int SURFACE_ID_OFFSET = 18;

    /** Limits on counts the server sends, far beyond anything real: they bound allocation. */
    static final int MAX_GLYPHS = 65535;
    static final int MAX_PATH_SEGMENTS = 65536;
    static final int MAX_SEGMENT_POINTS = 1 << 20;
    static final int MAX_MASK_SIDE = 1 << 16;

    private final ImageReader images;
    private ColorDepth depth = ColorDepth.RGB32;
    private Rect targetBox = new Rect(0, 0, 0, 0);
    /**
     * The transform each surface's picture carries. spice-common sets a composite's transforms on the
     * surfaces' own pixman images and only a scaled draw from the surface clears them, so a later composite
     * without a transform still samples that surface through the last one it was given; spice-gtk shows
     * that, and so does Saffron.
     */
    private final Map<Integer, Transform> surfaceTransforms = new HashMap<>();

    /** @param images the channel's image reader */
    public DrawParser(ImageReader images) {
        this.images = images;
    }

    /** Forgets what composites left on a surface that is destroyed or replaced: a new one starts untransformed. */
    public void surfaceGone(int surfaceId) {
        surfaceTransforms.remove(surfaceId);
    }

    /**
     * Describes the next draw's target.
     *
     * @param value the precision of the surface: a 16-bit surface's brushes are 16-bit colours
     * @param box   the draw's box, against which a source area tells whether the draw scales
     */
    public void target(ColorDepth value, Rect box) {
        depth = value;
        targetBox = box;
    }

    /** DRAW_FILL after the base. */
    public Fill fill(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        Brush brush = brush(in);
        int rop = in.u16();
        return new Fill(brush, rop, mask(in));
    }

    /** DRAW_COPY and DRAW_BLEND after the base. */
    public Copy copy(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        long sourcePointer = in.u32();
        PixelBuffer source = source(in, sourcePointer);
        Rect area = sourceArea(in, sourcePointer);
        int rop = in.u16();
        ScaleMode scale = scaleMode(in.u8());
        return new Copy(source, area, rop, scale, mask(in));
    }

    /** DRAW_OPAQUE after the base. */
    public Opaque opaque(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        long sourcePointer = in.u32();
        PixelBuffer source = source(in, sourcePointer);
        Rect area = sourceArea(in, sourcePointer);
        Brush brush = brush(in);
        int rop = in.u16();
        ScaleMode scale = scaleMode(in.u8());
        return new Opaque(source, area, brush, rop, scale, mask(in));
    }

    /** DRAW_ROP3 after the base. */
    public Rop3 rop3(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        long sourcePointer = in.u32();
        PixelBuffer source = source(in, sourcePointer);
        Rect area = sourceArea(in, sourcePointer);
        Brush brush = brush(in);
        int code = in.u8();
        ScaleMode scale = scaleMode(in.u8());
        return new Rop3(source, area, brush, code, scale, mask(in));
    }

    /** DRAW_TRANSPARENT after the base. */
    public Transparent transparent(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        long sourcePointer = in.u32();
        PixelBuffer source = source(in, sourcePointer);
        Rect area = sourceArea(in, sourcePointer);
        in.u32();
        return new Transparent(source, area, (int) in.u32());
    }

    /** DRAW_ALPHA_BLEND after the base. */
    public AlphaBlend alphaBlend(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        int flags = in.u8();
        int alpha = in.u8();
        long sourcePointer = in.u32();
        PixelBuffer source = source(in, sourcePointer);
        return new AlphaBlend(source, sourceArea(in, sourcePointer), alpha, (flags & 1) != 0);
    }

    /**
     * DRAW_COMPOSITE after the base. A source that is a surface reads without alpha when the flags say it is
     * opaque and the surface has alpha, as spice-common's canvas asks for an x8r8g8b8 view of it; the flag
     * changes nothing for decoded images, and the mask-opaque and destination-opaque flags are ignored, both
     * as in spice-common.
     */
    public Composite composite(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        CompositeFlags flags = new CompositeFlags((int) in.u32());
        long sourcePointer = nonNull(in, in.u32(), "composite source");
        long maskPointer = flags.hasMask() ? nonNull(in, in.u32(), "composite mask") : 0;
        Transform sourceTransform = flags.hasSourceTransform() ? transform(in) : null;
        Transform maskTransform = flags.hasMaskTransform() ? transform(in) : null;
        int sourceX = in.i16();
        int sourceY = in.i16();
        int maskX = in.i16();
        int maskY = in.i16();
        try {
            CompositeOp op = flags.op();
            int sourceSurface = surfaceOf(in, sourcePointer);
            PixelBuffer source = images.read(in, sourcePointer, ImageReader.Role.SOURCE).pixels();
            if (sourceSurface >= 0 && flags.sourceOpaque() && source.hasAlpha()) {
                // spice-common samples a fresh x8r8g8b8 image over the surface's memory: nothing sticks to it.
                source = new PixelBuffer(source.segment(), source.offset(), source.width(), source.height(),
                        source.stride(), false);
            } else {
                sourceTransform = pictureTransform(sourceSurface, sourceTransform);
            }
            Picture sourcePicture = Picture.of(source, flags.sourceFilter(), flags.sourceRepeat(), sourceTransform);
            Picture maskPicture = null;
            if (flags.hasMask()) {
                int maskSurface = surfaceOf(in, maskPointer);
                PixelBuffer mask = images.read(in, maskPointer, ImageReader.Role.MASK).pixels();
                maskPicture = Picture.of(mask, flags.maskFilter(), flags.maskRepeat(),
                        pictureTransform(maskSurface, maskTransform));
            }
            return new Composite(op, sourcePicture, maskPicture, flags.componentAlpha(), sourceX, sourceY, maskX,
                    maskY);
        } catch (CanvasException e) {
            throw new ImageDecodeException(e.getMessage());
        }
    }

    /** DRAW_TEXT after the base. */
    public Text text(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        long stringPointer = in.u32();
        Rect backArea = rect(in);
        Brush fore = brush(in);
        Brush back = brush(in);
        int foreMode = in.u16();
        int backMode = in.u16();
        WireReader string = in.at(nonNull(in, stringPointer, "string"));
        int count = string.u16();
        int flags = string.u8();
        int depth = (flags & Text.RASTER_A1) != 0 ? 1 : (flags & Text.RASTER_A4) != 0 ? 4
                : (flags & Text.RASTER_A8) != 0 ? 8 : 0;
        if (depth == 0 || count > MAX_GLYPHS) {
            throw string.malformed("glyph string with flags " + flags + " and " + count + " glyphs");
        }
        List<Glyph> glyphs = new ArrayList<>(Math.min(count, 256));
        for (int i = 0; i < count; i++) {
            int renderX = string.i32();
            int renderY = string.i32();
            int originX = string.i32();
            int originY = string.i32();
            int width = string.u16();
            int height = string.u16();
            long size = ((long) width * depth + 7) / 8 * height;
            glyphs.add(new Glyph(renderX, renderY, originX, originY, width, height, string.slice(size)));
        }
        return new Text(flags, glyphs, backArea, fore, back, foreMode, backMode);
    }

    /** DRAW_STROKE after the base. */
    public Stroke stroke(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        long pathPointer = in.u32();
        int lineFlags = in.u8();
        List<Integer> style = List.of();
        if ((lineFlags & LINE_STYLED) != 0) {
            int count = in.u8();
            long stylePointer = in.u32();
            WireReader lengths = in.at(nonNull(in, stylePointer, "line style"));
            Integer[] read = new Integer[count];
            for (int i = 0; i < count; i++) {
                read[i] = (int) lengths.u32();
            }
            style = List.of(read);
        }
        Brush brush = brush(in);
        int foreMode = in.u16();
        int backMode = in.u16();
        WireReader path = in.at(nonNull(in, pathPointer, "path"));
        int count = path.count32(5, MAX_PATH_SEGMENTS);
        List<PathSegment> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int flags = path.u8();
            int points = path.count32(8, MAX_SEGMENT_POINTS);
            int[] coordinates = new int[points * 2];
            for (int p = 0; p < coordinates.length; p++) {
                coordinates[p] = path.i32();
            }
            segments.add(new PathSegment(flags, coordinates));
        }
        return new Stroke(segments, lineFlags, style, brush, foreMode, backMode);
    }

    /** The QMask that ends most draw messages: null when it has no bitmap. */
    public QMask mask(WireReader in) throws SpiceException, ImageDecodeException {
        int flags = in.u8();
        int x = in.i32();
        int y = in.i32();
        long bitmapPointer = in.u32();
        if (bitmapPointer == 0) {
            return null;
        }
        return new QMask(maskBitmap(in.at(bitmapPointer)), x, y, (flags & MASK_INVERS) != 0);
    }

    /** A mask image: a 1-bit BITMAP, read in place. */
    private static MaskBitmap maskBitmap(WireReader image) throws SpiceException, ImageDecodeException {
        image.u64();
        int type = image.u8();
        image.u8();
        image.u32();
        image.u32();
        if (type != IMAGE_TYPE_BITMAP) {
            throw new ImageDecodeException("mask of image type " + type + " (only 1-bit bitmaps are masks)");
        }
        int format = image.u8();
        int flags = image.u8();
        long width = image.u32();
        long height = image.u32();
        long stride = image.u32();
        image.skip((flags & BITMAP_PALETTE_FROM_CACHE) != 0 ? 8 : 4);
        if (format != BITMAP_1BIT_BE && format != BITMAP_1BIT_LE) {
            throw new ImageDecodeException("mask of bitmap format " + format);
        }
        if (width > MAX_MASK_SIDE || height > MAX_MASK_SIDE || stride < (width + 7) / 8 || stride > MAX_MASK_SIDE) {
            throw new ImageDecodeException("mask of " + width + "x" + height + " with stride " + stride);
        }
        MemorySegment bits = image.slice(stride * height);
        return new MaskBitmap(bits, 0, (int) width, (int) height, (int) stride, format == BITMAP_1BIT_BE,
                (flags & BITMAP_TOP_DOWN) != 0);
    }

    /** A brush field. */
    public Brush brush(WireReader in) throws SpiceException, ImageDecodeException, InterruptedException {
        int type = in.u8();
        return switch (type) {
            case BRUSH_NONE -> Brush.NONE;
            case BRUSH_SOLID -> new Brush.Solid(depth.colorFromWire((int) in.u32()));
            case BRUSH_PATTERN -> {
                long pointer = in.u32();
                int x = in.i32();
                int y = in.i32();
                yield new Brush.Pattern(images.read(in, nonNull(in, pointer, "pattern"),
                        ImageReader.Role.BRUSH).pixels(), x, y);
            }
            default -> throw in.malformed("unknown brush type " + type);
        };
    }

    /** A Rect field (top, left, bottom, right on the wire). */
    public static Rect rect(WireReader in) throws SpiceException {
        int top = in.i32();
        int left = in.i32();
        int bottom = in.i32();
        int right = in.i32();
        return new Rect(left, top, right, bottom);
    }

    /**
     * Reads a draw's source area. A draw that scales a surface leaves it untransformed, as spice-common's
     * canvas resets the transform of the surface's image after scaling through it.
     */
    private Rect sourceArea(WireReader in, long sourcePointer) throws SpiceException {
        Rect area = rect(in);
        if (area.right() - area.left() != targetBox.right() - targetBox.left()
                || area.bottom() - area.top() != targetBox.bottom() - targetBox.top()) {
            int surface = surfaceOf(in, sourcePointer);
            if (surface >= 0) {
                surfaceTransforms.remove(surface);
            }
        }
        return area;
    }

    /** @return the surface a SURFACE image names, or -1 for any other image */
    private static int surfaceOf(WireReader in, long imagePointer) throws SpiceException {
        if (in.at(imagePointer + IMAGE_TYPE_OFFSET).u8() != ImageReader.TYPE_SURFACE) {
            return -1;
        }
        long id = in.at(imagePointer + SURFACE_ID_OFFSET).u32();
        return id > Integer.MAX_VALUE ? -1 : (int) id;
    }

    /**
     * @param surface a surface the picture samples, or -1 for a decoded image
     * @param given   the transform the composite gives, or null
     * @return the transform the picture samples through: the one given, else what the surface carries
     */
    private Transform pictureTransform(int surface, Transform given) {
        if (surface < 0) {
            return given;
        }
        if (given != null) {
            surfaceTransforms.put(surface, given);
            return given;
        }
        return surfaceTransforms.get(surface);
    }

    /** A Transform field: six 16.16 fixed-point numbers, row by row. */
    private static Transform transform(WireReader in) throws SpiceException {
        return new Transform(in.i32(), in.i32(), in.i32(), in.i32(), in.i32(), in.i32());
    }

    private PixelBuffer source(WireReader in, long pointer)
            throws SpiceException, ImageDecodeException, InterruptedException {
        return images.read(in, nonNull(in, pointer, "source image"), ImageReader.Role.SOURCE).pixels();
    }

    private static ScaleMode scaleMode(int code) throws ImageDecodeException {
        try {
            return ScaleMode.fromCode(code);
        } catch (CanvasException e) {
            throw new ImageDecodeException(e.getMessage());
        }
    }

    private static long nonNull(WireReader in, long pointer, String what) throws SpiceException {
        if (pointer == 0) {
            throw in.malformed("missing " + what);
        }
        return pointer;
    }
}
