package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes SPICE's LZ images (LZ_RGB 101, LZ_PLT 100, and the LZ alpha plane of JPEG_ALPHA 108) into 32-bit
 * pixels, as spice-common's {@code lz.c} does for the reference client.
 *
 * <p>A stream is a 28-byte big-endian header (see {@link #parseHeader}) and then byte-oriented LZ77 over
 * pixels: a control byte below 32 starts a run of that many plus one literal pixels, any other starts a
 * back-reference of a length and distance in pixels (in bytes for 1- and 4-bit palette images). RGBA
 * images code their RGB pass and then their alpha pass in one stream.
 *
 * <p>Call {@link #parseHeader} first, check the header against the image descriptor and allocate the
 * destination, then call {@link #decode} or {@link #decodeAlpha}. One instance per thread: it keeps
 * scratch buffers between images.
 */
public final class LzDecoder {
    /** Bytes in a stream header: seven big-endian u32. */
    public static final int HEADER_BYTES = 28;
    static final int MAGIC = 0x20205A4C;
    static final int VERSION = 0x00010001;

    private static final String CODEC = "LZ";
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Control bytes below this start literal runs. */
    private static final int MAX_COPY = 32;
    /** Distance code that announces a 16-bit far distance. */
    private static final int FAR_MARKER = (31 << 8) + 255;
    /** Added to a far distance, which starts where near distances end. */
    private static final int MAX_NEAR_DISTANCE = 8191;
    /** The length field's largest value, which says extension bytes follow. */
    private static final int LONG_LENGTH = 6;
    /** Byte units (palette indices, alpha) code match lengths less this; pixel types have their own bias. */
    private static final int BYTE_LENGTH_BIAS = 3;

    private final ImageLimits limits;
    private final InputBytes input = new InputBytes();
    private int[] pixels = new int[0];
    private byte[] units = new byte[0];

    /** @param limits the largest image this decoder accepts */
    public LzDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads and checks a stream header: magic {@code "LZ  "}, version 1.1, type, width, height, stride,
     * top_down. The stride must be what spice-common's encoder writes: {@code width * bytesPerPixel} for
     * pixel types, the bytes that hold {@code width} indices for palette types.
     *
     * @param src the stream
     * @return the header
     * @throws ImageDecodeException if the header is short, malformed, or beyond this decoder's limits
     */
    public LzHeader parseHeader(MemorySegment src) throws ImageDecodeException {
        if (src.byteSize() < HEADER_BYTES) {
            throw new ImageDecodeException("LZ: stream of " + src.byteSize() + " bytes has no header");
        }
        if (src.get(U32, 0) != MAGIC) {
            throw new ImageDecodeException("LZ: bad magic 0x" + Integer.toHexString(src.get(U32, 0)));
        }
        if (src.get(U32, 4) != VERSION) {
            throw new ImageDecodeException("LZ: unsupported version 0x" + Integer.toHexString(src.get(U32, 4)));
        }
        long typeNumber = Integer.toUnsignedLong(src.get(U32, 8));
        LzImageType type = LzImageType.fromWire(typeNumber);
        if (type == null) {
            throw new ImageDecodeException("LZ: unknown image type " + typeNumber);
        }
        long width = Integer.toUnsignedLong(src.get(U32, 12));
        long height = Integer.toUnsignedLong(src.get(U32, 16));
        long stride = Integer.toUnsignedLong(src.get(U32, 20));
        boolean topDown = src.get(U32, 24) != 0;
        limits.checkSize(width, height, CODEC);
        long expectedStride = type.isPalette()
                ? (width + type.pixelsPerByte() - 1) / type.pixelsPerByte()
                : width * type.bytesPerPixel();
        if (stride != expectedStride) {
            throw new ImageDecodeException("LZ: stride " + stride + " does not match " + type + " width " + width);
        }
        LzHeader header = new LzHeader(type, (int) width, (int) height, (int) stride, topDown);
        checkLimits(header);
        return header;
    }

    /**
     * Decodes an LZ_RGB or LZ_PLT image into opaque pixels (RGBA keeps its alpha; A8 gives alpha over
     * black). 16-bit pixels widen as pixman widens them.
     *
     * @param header    the header {@link #parseHeader} read from {@code src}
     * @param src       the whole stream, header included, and nothing after it
     * @param palette   the colours of a palette image (from the message or the palette cache); unused, and
     *                  may be null, for other types
     * @param dst       the destination, which must hold the image (see {@link #decodeAlpha} for the layout)
     * @param dstOffset byte offset of the top-left pixel
     * @param dstStride bytes from one row to the next
     * @throws ImageDecodeException if the stream is truncated or malformed, has bytes left over, is an
     *                              alpha-only stream, or codes a palette image and {@code palette} is null
     *                              or lacks a colour the image uses
     * @throws IllegalArgumentException if the image does not fit the destination
     */
    public void decode(LzHeader header, MemorySegment src, Palette palette,
                       MemorySegment dst, long dstOffset, int dstStride) throws ImageDecodeException {
        int width = header.width();
        int height = header.height();
        checkLimits(header);
        Argb32Rows.checkDestination(dst, dstOffset, dstStride, width, height);
        if (header.type() == LzImageType.XXXA) {
            throw new ImageDecodeException("LZ: an alpha-only stream is not an image on its own");
        }
        if (header.type().isPalette() && palette == null) {
            throw new ImageDecodeException("LZ: " + header.type() + " image without a palette");
        }
        input.load(src, CODEC);
        byte[] in = input.array();
        int end = input.end();
        int ip = input.start() + HEADER_BYTES;
        int count = width * height;
        int[] out = pixelBuffer(count);
        switch (header.type()) {
            case PLT1_LE, PLT1_BE, PLT4_LE, PLT4_BE, PLT8 -> {
                int coded = header.stride() * height;
                ip = decodeBytes(in, ip, end, unitBuffer(coded), coded);
                expandPalette(header, palette, units, out);
            }
            case RGB16, RGB24, RGB32 -> ip = decodePixels(in, ip, end, out, count, header.type());
            case RGBA -> {
                ip = decodePixels(in, ip, end, out, count, LzImageType.RGB32);
                byte[] alpha = unitBuffer(count);
                ip = decodeBytes(in, ip, end, alpha, count);
                for (int i = 0; i < count; i++) {
                    out[i] = (out[i] & 0x00FFFFFF) | alpha[i] << 24;
                }
            }
            case A8 -> {
                byte[] alpha = unitBuffer(count);
                ip = decodeBytes(in, ip, end, alpha, count);
                for (int i = 0; i < count; i++) {
                    out[i] = alpha[i] << 24;
                }
            }
            default -> throw new AssertionError(header.type());
        }
        checkConsumed(ip, end);
        Argb32Rows.write(out, width, width, height, header.topDown(), dst, dstOffset, dstStride);
    }

    /**
     * Decodes the alpha plane of a JPEG_ALPHA image (an XXXA stream) into the alpha bytes of pixels the
     * JPEG decoder has already written; the other bytes stay as they are. The caller checks that the header's
     * width, height and top_down match the JPEG and the image's TOP_DOWN flag, as the reference client does.
     *
     * @param header    the header {@link #parseHeader} read from {@code src}; its type must be XXXA
     * @param src       the alpha stream, header included, and nothing after it
     * @param dst       the pixels: (x, y) is the little-endian int at {@code dstOffset + y * dstStride + 4 * x}
     * @param dstOffset byte offset of the top-left pixel
     * @param dstStride bytes from one row to the next
     * @throws ImageDecodeException if the stream is not XXXA, or is truncated, malformed or too long
     * @throws IllegalArgumentException if the image does not fit the destination
     */
    public void decodeAlpha(LzHeader header, MemorySegment src, MemorySegment dst, long dstOffset, int dstStride)
            throws ImageDecodeException {
        int width = header.width();
        int height = header.height();
        checkLimits(header);
        Argb32Rows.checkDestination(dst, dstOffset, dstStride, width, height);
        if (header.type() != LzImageType.XXXA) {
            throw new ImageDecodeException("LZ: alpha plane of type " + header.type() + " instead of XXXA");
        }
        input.load(src, CODEC);
        int count = width * height;
        byte[] alpha = unitBuffer(count);
        int ip = decodeBytes(input.array(), input.start() + HEADER_BYTES, input.end(), alpha, count);
        checkConsumed(ip, input.end());
        for (int row = 0; row < height; row++) {
            int y = header.topDown() ? row : height - 1 - row;
            long at = dstOffset + (long) y * dstStride + 3;
            int from = row * width;
            for (int x = 0; x < width; x++) {
                dst.set(ValueLayout.JAVA_BYTE, at + 4L * x, alpha[from + x]);
            }
        }
    }

    private void checkLimits(LzHeader header) throws ImageDecodeException {
        limits.checkSize(header.width(), header.height(), CODEC);
        if (header.codedUnits() > limits.maxPixels()) {
            throw new ImageDecodeException("LZ: " + header.codedUnits() + " coded units exceed the limit");
        }
    }

    private int[] pixelBuffer(int count) {
        if (pixels.length < count) {
            pixels = new int[count];
        }
        return pixels;
    }

    private byte[] unitBuffer(int count) {
        if (units.length < count) {
            units = new byte[count];
        }
        return units;
    }

    /**
     * Decodes a stream of one-byte units (palette bytes, alpha) with spice-common's rules for them: lengths
     * are biased by 3.
     *
     * @return the input position after the last unit
     */
    static int decodeBytes(byte[] in, int ip, int end, byte[] out, int count) throws ImageDecodeException {
        int op = 0;
        while (op < count) {
            if (ip >= end) {
                throw truncated();
            }
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < MAX_COPY) {
                int run = ctrl + 1;
                if (run > count - op) {
                    throw overrun(run, count - op);
                }
                if (run > end - ip) {
                    throw truncated();
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
                continue;
            }
            int len = (ctrl >>> 5) - 1;
            if (len == LONG_LENGTH) {
                long extended = LzMatch.extendLength(in, ip, end, len, count, CODEC);
                ip = LzMatch.position(extended);
                len = LzMatch.value(extended);
            }
            long distance = readDistance(in, ip, end, ctrl);
            ip = LzMatch.position(distance);
            len += BYTE_LENGTH_BIAS;
            LzMatch.copy(out, op, LzMatch.value(distance), len, count, CODEC);
            op += len;
        }
        return ip;
    }

    /**
     * Decodes a stream of RGB pixels into opaque ARGB: RGB24 and RGB32 code literals as B, G, R with
     * lengths biased by 1; RGB16 codes x1r5g5b5 high byte first with lengths biased by 2.
     *
     * @return the input position after the last pixel
     */
    static int decodePixels(byte[] in, int ip, int end, int[] out, int count, LzImageType type)
            throws ImageDecodeException {
        boolean rgb16 = type == LzImageType.RGB16;
        int literalBytes = rgb16 ? 2 : 3;
        int lengthBias = rgb16 ? 2 : 1;
        int op = 0;
        while (op < count) {
            if (ip >= end) {
                throw truncated();
            }
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < MAX_COPY) {
                int run = ctrl + 1;
                if (run > count - op) {
                    throw overrun(run, count - op);
                }
                if (run * literalBytes > end - ip) {
                    throw truncated();
                }
                if (rgb16) {
                    for (int i = 0; i < run; i++, ip += 2) {
                        out[op++] = Argb32Rows.OPAQUE
                                | Argb32Rows.expand555((in[ip] & 0xFF) << 8 | (in[ip + 1] & 0xFF));
                    }
                } else {
                    for (int i = 0; i < run; i++, ip += 3) {
                        out[op++] = Argb32Rows.OPAQUE
                                | (in[ip + 2] & 0xFF) << 16 | (in[ip + 1] & 0xFF) << 8 | (in[ip] & 0xFF);
                    }
                }
                continue;
            }
            int len = (ctrl >>> 5) - 1;
            if (len == LONG_LENGTH) {
                long extended = LzMatch.extendLength(in, ip, end, len, count, CODEC);
                ip = LzMatch.position(extended);
                len = LzMatch.value(extended);
            }
            long distance = readDistance(in, ip, end, ctrl);
            ip = LzMatch.position(distance);
            len += lengthBias;
            LzMatch.copy(out, op, LzMatch.value(distance), len, count, CODEC);
            op += len;
        }
        return ip;
    }

    /**
     * Reads a match's distance, which follows its length: 13 bits (the control byte's low five and one more
     * byte), or, when those hold {@link #FAR_MARKER}, two more bytes past {@link #MAX_NEAR_DISTANCE}.
     *
     * @return the position after the distance and the distance in units (at least 1), packed as
     *         {@link LzMatch#pack} packs them
     */
    private static long readDistance(byte[] in, int ip, int end, int ctrl) throws ImageDecodeException {
        if (end - ip < 1) {
            throw truncated();
        }
        int distance = ((ctrl & 31) << 8) + (in[ip++] & 0xFF);
        if (distance == FAR_MARKER) {
            if (end - ip < 2) {
                throw truncated();
            }
            distance = ((in[ip] & 0xFF) << 8 | (in[ip + 1] & 0xFF)) + MAX_NEAR_DISTANCE;
            ip += 2;
        }
        return LzMatch.pack(ip, distance + 1);
    }

    private static void expandPalette(LzHeader header, Palette palette, byte[] in, int[] out)
            throws ImageDecodeException {
        LzImageType type = header.type();
        int width = header.width();
        int height = header.height();
        int stride = header.stride();
        int slots = 1 << (8 / type.pixelsPerByte());
        if (type != LzImageType.PLT4_LE && type != LzImageType.PLT4_BE) {
            checkIndices(type, in, width, height, stride, palette.size());
        } else if (palette.size() == 0) {
            throw new ImageDecodeException("LZ: " + type + " image with an empty palette");
        }
        int[] table = palette.lookupTable(slots);
        for (int row = 0; row < height; row++) {
            int at = row * stride;
            int o = row * width;
            switch (type) {
                case PLT8 -> {
                    for (int x = 0; x < width; x++) {
                        out[o + x] = table[in[at + x] & 0xFF];
                    }
                }
                case PLT4_BE -> {
                    for (int x = 0; x < width; x++) {
                        out[o + x] = table[(in[at + (x >>> 1)] >>> ((~x & 1) << 2)) & 0xF];
                    }
                }
                case PLT4_LE -> {
                    for (int x = 0; x < width; x++) {
                        out[o + x] = table[(in[at + (x >>> 1)] >>> ((x & 1) << 2)) & 0xF];
                    }
                }
                case PLT1_BE -> {
                    for (int x = 0; x < width; x++) {
                        out[o + x] = table[(in[at + (x >>> 3)] >>> (7 - (x & 7))) & 1];
                    }
                }
                case PLT1_LE -> {
                    for (int x = 0; x < width; x++) {
                        out[o + x] = table[(in[at + (x >>> 3)] >>> (x & 7)) & 1];
                    }
                }
                default -> throw new AssertionError(type);
            }
        }
    }

    /**
     * spice-common reads 1- and 8-bit palette entries without a bounds check, so an index past the end has
     * no defined colour: refuse the image instead. (4-bit indices wrap around there, and here.)
     */
    private static void checkIndices(LzImageType type, byte[] in, int width, int height, int stride, int size)
            throws ImageDecodeException {
        int slots = type == LzImageType.PLT8 ? 256 : 2;
        if (size >= slots) {
            return;
        }
        for (int row = 0; row < height; row++) {
            int at = row * stride;
            for (int x = 0; x < width; x++) {
                int index = type == LzImageType.PLT8 ? in[at + x] & 0xFF
                        : type == LzImageType.PLT1_BE ? (in[at + (x >>> 3)] >>> (7 - (x & 7))) & 1
                        : (in[at + (x >>> 3)] >>> (x & 7)) & 1;
                if (index >= size) {
                    throw new ImageDecodeException("LZ: palette index " + index + " but only " + size + " colours");
                }
            }
        }
    }

    private static void checkConsumed(int ip, int end) throws ImageDecodeException {
        if (ip != end) {
            throw new ImageDecodeException("LZ: " + (end - ip) + " bytes left after the image");
        }
    }

    private static ImageDecodeException truncated() {
        return new ImageDecodeException("LZ: stream ends inside the image");
    }

    private static ImageDecodeException overrun(int len, int left) {
        return new ImageDecodeException("LZ: run of " + len + " past the end of the image (" + left + " left)");
    }
}
