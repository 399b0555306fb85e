package dev.saffron.spice.internal.display;

import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.codec.GlzDecoder;
import dev.saffron.spice.internal.codec.PaletteCache;
import dev.saffron.spice.internal.codec.JpegHeader;
import dev.saffron.spice.internal.codec.JpegDecoder;
import dev.saffron.spice.internal.codec.JpegAlphaDecoder;
import dev.saffron.spice.internal.codec.BitmapHeader;
import dev.saffron.spice.internal.codec.BitmapDecoder;
import dev.saffron.spice.internal.codec.GlzHeader;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.codec.LzDecoder;
import dev.saffron.spice.internal.codec.LzHeader;
import dev.saffron.spice.internal.codec.LzImageType;
import dev.saffron.spice.internal.codec.Lz4Decoder;
import dev.saffron.spice.internal.codec.Lz4Header;
import dev.saffron.spice.internal.codec.Palette;
import dev.saffron.spice.internal.codec.QuicDecoder;
import dev.saffron.spice.internal.codec.QuicHeader;
import dev.saffron.spice.internal.codec.QuicImageType;
import dev.saffron.spice.internal.jfr.ImageDecodedEvent;
import dev.saffron.spice.internal.jfr.SaffronEvents;
import dev.saffron.spice.internal.wire.WireReader;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Turns a SpiceImage in a display message into 32-bit pixels (protocol reference §4.6): reads the descriptor,
 * dispatches on the image type to the codec, and applies the cache flags. One per display channel, used only
 * on its thread.
 *
 * <p>It owns its scratch images (an arena each, closed when a larger one replaces it or the reader closes)
 * and the native JPEG decoder's handle. Images it puts in the session's {@link ImageCache} belong to the
 * cache; those a draw uses, from the cache or just cached, are held until {@link #endDraw()}, so that
 * another channel dropping them from the cache meanwhile does not free them under the draw.
 */
public final class ImageReader implements AutoCloseable {
    /** Which draw input an image is for: each role has its own scratch buffer, so one draw can hold several. */
    public enum Role {
        /** The source of a copy, blend, rop3 or composite. */
        SOURCE,
        /** A 1-bpp or alpha mask. */
        MASK,
        /** A pattern brush. */
        BRUSH
    }

    /** A decoded image: the pixels, and whether they came from a lossy codec. */
    public record Image(PixelBuffer pixels, boolean lossy) {
    }

    static final int TYPE_BITMAP = 0;
    static final int TYPE_QUIC = 1;
    static final int TYPE_LZ_PLT = 100;
    static final int TYPE_LZ_RGB = 101;
    static final int TYPE_GLZ_RGB = 102;
    static final int TYPE_FROM_CACHE = 103;
    static final int TYPE_SURFACE = 104;
    static final int TYPE_JPEG = 105;
    static final int TYPE_FROM_CACHE_LOSSLESS = 106;
    static final int TYPE_ZLIB_GLZ_RGB = 107;
    static final int TYPE_JPEG_ALPHA = 108;
    static final int TYPE_LZ4 = 109;

    static final int FLAG_CACHE_ME = 1;
    static final int FLAG_HIGH_BITS_SET = 2;
    static final int FLAG_CACHE_REPLACE_ME = 4;


    private final ImageCache cache;
    private final IntFunction<PixelBuffer> surfaces;
    private final ImageLimits limits;
    private final QuicDecoder quic;
    private final LzDecoder lz;
    private final GlzDecoder glz;
    private final Lz4Decoder lz4;
    private final PaletteCache palettes = new PaletteCache();
    private final BitmapDecoder bitmaps;
    /**
     * Made at the first JPEG image, null until then: making one binds libturbojpeg through FFM and starts
     * ImageIO's JPEG reader, a cost at every start that sessions without JPEG (a LAN screenshot) never repay.
     */
    private JpegDecoder jpeg;
    private JpegAlphaDecoder jpegAlpha;
    private final Map<Role, Scratch> scratch = new EnumMap<>(Role.class);
    /** Cache entries the current draw uses. */
    private final List<ImageCache.Entry> held = new ArrayList<>();
    /** Images decoded, by image type (the types are below 110). */
    private final AtomicLongArray decodedByType = new AtomicLongArray(128);

    /**
     * @param shared   the session's cache and GLZ window
     * @param surfaces looks up a surface of this channel by id (for SURFACE images); null if there is none
     * @param limits   the largest image accepted
     */
    public ImageReader(SharedDisplayState shared, IntFunction<PixelBuffer> surfaces, ImageLimits limits,
                       Duration glzWait) {
        this.cache = shared.imageCache();
        this.surfaces = surfaces;
        this.limits = limits;
        this.quic = new QuicDecoder(limits.maxPixels());
        this.lz = new LzDecoder(limits);
        this.glz = new GlzDecoder(shared.glzWindow(), limits, glzWait);
        this.lz4 = new Lz4Decoder(limits);
        this.bitmaps = new BitmapDecoder(limits.maxPixels());
    }

    private JpegDecoder jpeg() {
        if (jpeg == null) {
            jpeg = new JpegDecoder(limits.maxPixels());
            jpegAlpha = new JpegAlphaDecoder(jpeg, this::decodeAlphaPlane);
        }
        return jpeg;
    }

    private JpegAlphaDecoder jpegAlpha() {
        jpeg();
        return jpegAlpha;
    }

    /** @return how many images of this SpiceImage type were decoded */
    public long decoded(int imageType) {
        return imageType >= 0 && imageType < decodedByType.length() ? decodedByType.get(imageType) : 0;
    }

    /** @return this channel's palette cache */
    public PaletteCache palettes() {
        return palettes;
    }

    /**
     * Decodes the image at {@code pointer} in the message body.
     *
     * @return the pixels; scratch pixels are valid until the next image of the same role
     * @throws ImageDecodeException if the image is malformed, unsupported or refers to something unknown
     * @throws SpiceException       if the descriptor runs past the end of the message
     * @throws InterruptedException if the channel closes while a GLZ image waits for one it refers to
     */
    public Image read(WireReader body, long pointer, Role role)
            throws ImageDecodeException, SpiceException, InterruptedException {
        if (pointer == 0) {
            throw new ImageDecodeException("missing image");
        }
        WireReader in = body.at(pointer);
        long id = in.u64();
        int type = in.u8();
        int flags = in.u8();
        long width = in.u32();
        long height = in.u32();
        switch (type) {
            case TYPE_FROM_CACHE, TYPE_FROM_CACHE_LOSSLESS -> {
                ImageCache.Entry entry = cache.acquire(id);
                if (entry == null) {
                    throw new ImageDecodeException("image " + Long.toUnsignedString(id) + " is not in the cache");
                }
                held.add(entry);
                if (type == TYPE_FROM_CACHE_LOSSLESS && entry.lossy()) {
                    throw new ImageDecodeException("image " + Long.toUnsignedString(id) + " is cached lossy only");
                }
                return new Image(entry.pixels(), entry.lossy());
            }
            case TYPE_SURFACE -> {
                long surfaceId = in.u32();
                PixelBuffer surface = surfaceId > Integer.MAX_VALUE ? null : surfaces.apply((int) surfaceId);
                if (surface == null) {
                    throw new ImageDecodeException("image refers to unknown surface " + surfaceId);
                }
                return new Image(surface, false);
            }
            default -> {
                // Decoded below.
            }
        }
        checkSize(width, height);
        boolean toCache = (flags & (FLAG_CACHE_ME | FLAG_CACHE_REPLACE_ME)) != 0;
        boolean lossy = type == TYPE_JPEG || type == TYPE_JPEG_ALPHA;
        if (!toCache) {
            return new Image(decode(in, type, (int) width, (int) height, scratch(role, (int) width, (int) height),
                    flags), lossy);
        }
        Arena arena = Arena.ofShared();
        boolean cached = false;
        try {
            PixelBuffer result = decode(in, type, (int) width, (int) height,
                    PixelBuffer.allocate(arena, (int) width, (int) height, false), flags);
            held.add(cache.put(id, arena, result, lossy));
            cached = true;
            return new Image(result, lossy);
        } finally {
            if (!cached) {
                arena.close();
            }
        }
    }

    /** @return the decoded pixels: {@code target}, marked as having alpha or not */
    private PixelBuffer decode(WireReader in, int type, int width, int height, PixelBuffer target, int flags)
            throws ImageDecodeException, SpiceException, InterruptedException {
        ImageDecodedEvent event = SaffronEvents.imageDecodeStarted();
        long start = in.position();
        boolean alpha = decode(in, type, width, height, target, (flags & FLAG_HIGH_BITS_SET) != 0);
        decodedByType.incrementAndGet(type);
        if (event != null) {
            event.finish(codecName(type), width, height, in.position() - start);
        }
        return target.hasAlpha() == alpha ? target : new PixelBuffer(target.segment(), target.offset(),
                target.width(), target.height(), target.stride(), alpha);
    }

    /** @return the name of a decoded image type, for events */
    private static String codecName(int type) {
        return switch (type) {
            case TYPE_BITMAP -> "BITMAP";
            case TYPE_QUIC -> "QUIC";
            case TYPE_LZ_PLT -> "LZ_PLT";
            case TYPE_LZ_RGB -> "LZ";
            case TYPE_GLZ_RGB -> "GLZ";
            case TYPE_JPEG -> "JPEG";
            case TYPE_ZLIB_GLZ_RGB -> "ZLIB_GLZ";
            case TYPE_JPEG_ALPHA -> "JPEG_ALPHA";
            case TYPE_LZ4 -> "LZ4";
            default -> "type " + type;
        };
    }

    /** Lets go of the cached images the draw just done used; the channel calls it after every draw. */
    public void endDraw() {
        // Indexed, not for-each: this runs after every draw, and the iterator was an allocation per draw.
        for (int i = 0; i < held.size(); i++) {
            cache.release(held.get(i));
        }
        held.clear();
    }

    /** @return whether the decoded pixels carry alpha */
    private boolean decode(WireReader in, int type, int width, int height, PixelBuffer target, boolean highBitsSet)
            throws ImageDecodeException, SpiceException, InterruptedException {
        switch (type) {
            case TYPE_QUIC -> {
                MemorySegment data = in.slice(in.count32(1, Integer.MAX_VALUE));
                QuicHeader header = quic.readHeader(data);
                requireSize(header.width(), header.height(), width, height, "QUIC");
                quic.decode(data, header, target.segment(), target.offset(), target.stride());
                return header.type() == QuicImageType.RGBA;
            }
            case TYPE_LZ_RGB -> {
                MemorySegment data = in.slice(in.count32(1, Integer.MAX_VALUE));
                LzHeader header = lz.parseHeader(data);
                requireSize(header.width(), header.height(), width, height, "LZ");
                lz.decode(header, data, null, target.segment(), target.offset(), target.stride());
                return header.type() == LzImageType.RGBA;
            }
            case TYPE_LZ_PLT -> {
                int pltFlags = in.u8();
                long size = in.u32();
                Palette palette = readPalette(in, pltFlags);
                MemorySegment data = in.slice(checkedLength(size, in));
                LzHeader header = lz.parseHeader(data);
                requireSize(header.width(), header.height(), width, height, "LZ_PLT");
                lz.decode(header, data, palette, target.segment(), target.offset(), target.stride());
                return false;
            }
            case TYPE_BITMAP -> {
                BitmapHeader header = BitmapHeader.fromWire(in.u8(), in.u8(), (int) Math.min(in.u32(), Integer.MAX_VALUE),
                        (int) Math.min(in.u32(), Integer.MAX_VALUE), (int) Math.min(in.u32(), Integer.MAX_VALUE));
                Palette palette = header.format().usesPalette() ? readPalette(in, header.flags()) : null;
                if (!header.format().usesPalette()) {
                    skipPaletteField(in, header.flags());
                }
                requireSize(header.width(), header.height(), width, height, "BITMAP");
                MemorySegment data = in.slice(checkedLength(header.dataSize(), in));
                bitmaps.decode(header, palette, data, highBitsSet, target);
                return header.format().hasAlpha();
            }
            case TYPE_JPEG -> {
                MemorySegment data = in.slice(in.count32(1, Integer.MAX_VALUE));
                JpegHeader header = jpeg().readHeader(data);
                requireSize(header.width(), header.height(), width, height, "JPEG");
                jpeg.decode(data, target);
                return false;
            }
            case TYPE_JPEG_ALPHA -> {
                boolean topDown = (in.u8() & 1) != 0;
                long jpegSize = in.u32();
                MemorySegment data = in.slice(in.count32(1, Integer.MAX_VALUE));
                if (jpegSize > data.byteSize()) {
                    throw new ImageDecodeException("JPEG part of " + jpegSize + " bytes exceeds its image's data");
                }
                // The scratch and cache buffers are made without alpha; this image fills it in.
                jpegAlpha().decode(data, (int) jpegSize, topDown, new PixelBuffer(target.segment(), target.offset(),
                        target.width(), target.height(), target.stride(), true));
                return true;
            }
            case TYPE_GLZ_RGB -> {
                MemorySegment data = in.slice(in.count32(1, Integer.MAX_VALUE));
                return decodeGlz(data, width, height, target);
            }
            case TYPE_ZLIB_GLZ_RGB -> {
                long glzSize = in.u32();
                MemorySegment zlib = in.slice(in.count32(1, Integer.MAX_VALUE));
                return decodeGlz(glz.inflate(zlib, glzSize), width, height, target);
            }
            case TYPE_LZ4 -> {
                MemorySegment data = in.slice(in.count32(1, Integer.MAX_VALUE));
                Lz4Header header = lz4.parseHeader(data, width, height);
                lz4.decode(header, data, target.segment(), target.offset(), target.stride());
                return header.format() == Lz4Header.Format.RGBA;
            }
            default -> throw new ImageDecodeException("unsupported image type " + type);
        }
    }

    /** A palette field: a cached id or a pointer to a palette, by the image's palette flags. */
    private Palette readPalette(WireReader in, int flags) throws ImageDecodeException, SpiceException {
        if ((flags & BitmapHeader.PALETTE_FROM_CACHE) != 0) {
            return palettes.resolve(flags, in.u64(), null);
        }
        long pointer = in.u32();
        if (pointer == 0) {
            throw new ImageDecodeException("palette image without a palette");
        }
        return palettes.resolve(flags, 0, Palette.read(in.at(0).rest(), pointer));
    }

    private static void skipPaletteField(WireReader in, int flags) throws SpiceException {
        in.skip((flags & BitmapHeader.PALETTE_FROM_CACHE) != 0 ? 8 : 4);
    }

    /** The alpha plane of a JPEG_ALPHA image: an LZ stream of alpha bytes the size of the JPEG. */
    private void decodeAlphaPlane(MemorySegment stream, boolean topDown, PixelBuffer dst)
            throws ImageDecodeException {
        LzHeader header = lz.parseHeader(stream);
        requireSize(header.width(), header.height(), dst.width(), dst.height(), "JPEG_ALPHA alpha");
        if (header.type() != LzImageType.XXXA || header.topDown() != topDown) {
            throw new ImageDecodeException("JPEG_ALPHA alpha stream is " + header.type()
                    + (header.topDown() ? " top-down" : " bottom-up") + ", not XXXA in the image's row order");
        }
        lz.decodeAlpha(header, stream, dst.segment(), dst.offset(), dst.stride());
    }

    private boolean decodeGlz(MemorySegment data, int width, int height, PixelBuffer target)
            throws ImageDecodeException, InterruptedException {
        GlzHeader header = glz.parseHeader(data);
        requireSize(header.width(), header.height(), width, height, "GLZ");
        glz.decode(header, data, target.segment(), target.offset(), target.stride());
        return header.type() == LzImageType.RGBA;
    }

    private static long checkedLength(long size, WireReader in) throws ImageDecodeException {
        if (size > in.remaining()) {
            throw new ImageDecodeException("image data of " + size + " bytes runs past the message");
        }
        return size;
    }

    private void checkSize(long width, long height) throws ImageDecodeException {
        if (width <= 0 || height <= 0 || width > limits.maxWidth() || height > limits.maxHeight()
                || width * height > limits.maxPixels()) {
            throw new ImageDecodeException("image size " + width + "x" + height + " is empty or over the limit");
        }
    }

    private static void requireSize(long codecWidth, long codecHeight, int width, int height, String codec)
            throws ImageDecodeException {
        if (codecWidth != width || codecHeight != height) {
            throw new ImageDecodeException(codec + " data is " + codecWidth + "x" + codecHeight
                    + " but the image is " + width + "x" + height);
        }
    }

    /**
     * A scratch image, the arena that holds it, and the view the latest image of its role had, which the next
     * image of the same size reuses rather than making its own.
     */
    private static final class Scratch {
        final Arena arena;
        final MemorySegment memory;
        PixelBuffer view;

        Scratch(Arena arena, MemorySegment memory) {
            this.arena = arena;
            this.memory = memory;
        }
    }

    private PixelBuffer scratch(Role role, int width, int height) {
        Scratch current = scratch.get(role);
        if (current == null || current.memory.byteSize() < 4L * width * height) {
            if (current != null) {
                current.arena.close();
            }
            Arena arena = Arena.ofShared();
            current = new Scratch(arena, PixelBuffer.allocate(arena, width, height, false).segment());
            scratch.put(role, current);
        }
        PixelBuffer view = current.view;
        if (view == null || view.width() != width || view.height() != height) {
            view = new PixelBuffer(current.memory, 0, width, height, width * 4, false);
            current.view = view;
        }
        return view;
    }

    /** Frees the scratch images and the JPEG decoder, and lets go of cached images still held. */
    @Override
    public void close() {
        endDraw();
        scratch.values().forEach(current -> current.arena.close());
        scratch.clear();
        glz.close();
        if (jpeg != null) {
            jpeg.close();
        }
    }
}
