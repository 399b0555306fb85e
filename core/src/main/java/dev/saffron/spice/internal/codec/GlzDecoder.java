package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes SPICE's GLZ images (GLZ_RGB 102, and ZLIB_GLZ_RGB 107 after {@link #inflate}) into 32-bit pixels,
 * as spice-gtk's {@code decode-glz.c} does.
 *
 * <p>GLZ is LZ with a dictionary that spans images: a back-reference either reaches back within the image,
 * or names an earlier image by distance in ids and an absolute pixel in it. Decoded images go into the
 * session's {@link GlzWindow}; a reference to an image another display channel has not finished yet waits
 * for it, up to the timeout given here.
 *
 * <p>Call {@link #parseHeader}, check the header against the image descriptor and allocate the destination,
 * then call {@link #decode}. One instance per display channel thread; it keeps a zlib inflater, so close it
 * with the channel.
 */
public final class GlzDecoder implements AutoCloseable {
    /** Bytes in a stream header: magic, version, type, width, height, stride, id, win_head_dist. */
    public static final int HEADER_BYTES = 33;

    private static final String CODEC = "GLZ";
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int MAX_COPY = 32;
    /** The length field's largest value, which says extension bytes follow. */
    private static final int LONG_LENGTH = 7;
    /** The alpha pass codes match lengths less this. */
    private static final int ALPHA_LENGTH_BIAS = 2;
    /**
     * Most stream bytes per pixel a valid stream can spend: an RGB pass needs at most 7 per pixel (a
     * one-pixel match with every optional byte) and an alpha pass at most 4. A longer ZLIB_GLZ payload is
     * refused before its buffer is allocated.
     */
    private static final int MAX_STREAM_BYTES_PER_PIXEL = 11;
    /** Slots in the per-image cache of referenced images, indexed by id distance. */
    private static final int REFERENCE_SLOTS = 8;

    private final GlzWindow window;
    private final ImageLimits limits;
    private final long waitNanos;
    private final InputBytes input = new InputBytes();
    private final Inflater inflater = new Inflater();
    private final byte[] inflatedHeader = new byte[HEADER_BYTES];
    private byte[] inflated = new byte[0];
    private int[] rowBuffer = new int[0];
    private final long[] referenceDistances = new long[REFERENCE_SLOTS];
    private final int[][] referencePixels = new int[REFERENCE_SLOTS][];

    /** Length, pixel offset and image distance of the match {@link #readMatch} last read. */
    private int matchLength;
    private int matchOffset;
    private int matchImageDistance;

    /**
     * @param window      the session's GLZ window
     * @param limits      the largest image this decoder accepts
     * @param waitTimeout how long to wait for a referenced image that has not been decoded yet
     */
    public GlzDecoder(GlzWindow window, ImageLimits limits, Duration waitTimeout) {
        this.window = Objects.requireNonNull(window, "window");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (waitTimeout.isNegative()) {
            throw new IllegalArgumentException("negative wait timeout " + waitTimeout);
        }
        this.waitNanos = waitTimeout.toNanos();
    }

    /**
     * Reads and checks a stream header (big-endian): magic {@code "LZ  "}, version 1.1, a byte holding
     * {@code top_down << 4 | type}, width, height, stride, u64 image id, win_head_dist. The server codes only
     * RGB16, RGB24, RGB32 and RGBA images with GLZ, and spice-gtk decodes no other.
     *
     * @param src the stream
     * @return the header
     * @throws ImageDecodeException if the header is short, malformed, beyond this decoder's limits, or
     *                              larger than the whole window
     */
    public GlzHeader parseHeader(MemorySegment src) throws ImageDecodeException {
        if (src.byteSize() < HEADER_BYTES) {
            throw new ImageDecodeException("GLZ: stream of " + src.byteSize() + " bytes has no header");
        }
        if (src.get(U32, 0) != LzDecoder.MAGIC) {
            throw new ImageDecodeException("GLZ: bad magic 0x" + Integer.toHexString(src.get(U32, 0)));
        }
        if (src.get(U32, 4) != LzDecoder.VERSION) {
            throw new ImageDecodeException("GLZ: unsupported version 0x" + Integer.toHexString(src.get(U32, 4)));
        }
        int typeAndOrder = src.get(ValueLayout.JAVA_BYTE, 8) & 0xFF;
        LzImageType type = LzImageType.fromWire(typeAndOrder & 0x0F);
        if (type != LzImageType.RGB16 && type != LzImageType.RGB24 && type != LzImageType.RGB32
                && type != LzImageType.RGBA) {
            throw new ImageDecodeException("GLZ: image type " + (typeAndOrder & 0x0F) + " is not RGB");
        }
        long width = Integer.toUnsignedLong(src.get(U32, 9));
        long height = Integer.toUnsignedLong(src.get(U32, 13));
        long stride = Integer.toUnsignedLong(src.get(U32, 17));
        long imageId = src.get(U64, 21);
        long winHeadDist = Integer.toUnsignedLong(src.get(U32, 29));
        limits.checkSize(width, height, CODEC);
        if (width * height > window.capacityPixels()) {
            throw new ImageDecodeException("GLZ: " + width + "x" + height + " image is larger than the window");
        }
        if (imageId < 0 || winHeadDist > imageId) {
            throw new ImageDecodeException("GLZ: image id " + Long.toUnsignedString(imageId)
                    + " with window head distance " + winHeadDist);
        }
        return new GlzHeader(type, (int) width, (int) height, stride, (typeAndOrder >>> 4) != 0, imageId,
                winHeadDist);
    }

    /**
     * Decodes an image, stores it in the window, and writes it to the destination: opaque pixels, except
     * RGBA which keeps its alpha. 16-bit pixels widen as pixman widens them.
     *
     * @param header    the header {@link #parseHeader} read from {@code src}
     * @param src       the stream, header included; bytes after the image are ignored, as in spice-gtk
     * @param dst       the destination: (x, y) is the little-endian int at
     *                  {@code dstOffset + y * dstStride + 4 * x}
     * @param dstOffset byte offset of the top-left pixel
     * @param dstStride bytes from one row to the next
     * @throws ImageDecodeException if the stream is truncated or malformed, or references an image that is
     *                              gone or did not arrive in time
     * @throws InterruptedException if the thread was interrupted while waiting for a referenced image
     * @throws IllegalArgumentException if the image does not fit the destination
     */
    public void decode(GlzHeader header, MemorySegment src, MemorySegment dst, long dstOffset, int dstStride)
            throws ImageDecodeException, InterruptedException {
        int width = header.width();
        int height = header.height();
        limits.checkSize(width, height, CODEC);
        if (header.pixelCount() > window.capacityPixels()) {
            throw new ImageDecodeException("GLZ: " + width + "x" + height + " image is larger than the window");
        }
        Argb32Rows.checkDestination(dst, dstOffset, dstStride, width, height);
        long generation = window.generation();
        Arrays.fill(referencePixels, null);
        input.load(src, CODEC);
        byte[] in = input.array();
        int end = input.end();
        int count = header.pixelCount();
        int[] out = window.newImage(count);
        int ip = rgbPass(in, input.start() + HEADER_BYTES, end, out, header);
        if (header.type() == LzImageType.RGBA) {
            alphaPass(in, ip, end, out, header.imageId());
        }
        Arrays.fill(referencePixels, null);
        window.add(header.imageId(), header.winHeadDist(), out, generation);
        if (header.type() == LzImageType.RGBA) {
            Argb32Rows.write(out, width, width, height, header.topDown(), dst, dstOffset, dstStride);
        } else {
            if (rowBuffer.length < width) {
                rowBuffer = new int[width];
            }
            Argb32Rows.writeOpaque(out, width, width, height, header.topDown(), dst, dstOffset, dstStride,
                    rowBuffer);
        }
    }

    /**
     * Inflates the zlib payload of a ZLIB_GLZ_RGB image into a GLZ stream. The header is inflated and checked
     * first, so the declared size is only trusted up to what an image of that size can need.
     *
     * @param zlibData    the payload: a zlib stream (RFC 1950)
     * @param glzDataSize the declared size of the GLZ stream inside
     * @return the GLZ stream, for {@link #parseHeader} and {@link #decode}; it lives in this decoder and is
     *         overwritten by the next call
     * @throws ImageDecodeException if the payload is not valid zlib, ends early, or inflates to more than
     *                              {@code glzDataSize} bytes, or the size or header is unacceptable
     */
    public MemorySegment inflate(MemorySegment zlibData, long glzDataSize) throws ImageDecodeException {
        if (glzDataSize < HEADER_BYTES) {
            throw new ImageDecodeException("ZLIB_GLZ: declared size " + glzDataSize + " has no room for a header");
        }
        inflater.reset();
        inflater.setInput(zlibData.asByteBuffer());
        try {
            inflateFully(inflatedHeader, 0, HEADER_BYTES);
            GlzHeader header = parseHeader(MemorySegment.ofArray(inflatedHeader));
            long most = HEADER_BYTES + (long) MAX_STREAM_BYTES_PER_PIXEL * header.pixelCount();
            if (glzDataSize > most || glzDataSize > Integer.MAX_VALUE - 1024) {
                throw new ImageDecodeException("ZLIB_GLZ: declared size " + glzDataSize + " is more than a "
                        + header.width() + "x" + header.height() + " image can need");
            }
            int size = (int) glzDataSize;
            if (inflated.length < size) {
                inflated = new byte[size];
            }
            System.arraycopy(inflatedHeader, 0, inflated, 0, HEADER_BYTES);
            int produced = HEADER_BYTES;
            while (!inflater.finished() && produced < size) {
                int n = inflater.inflate(inflated, produced, size - produced);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ImageDecodeException("ZLIB_GLZ: zlib stream ends early");
                }
                produced += n;
            }
            if (!inflater.finished() && moreOutput()) {
                throw new ImageDecodeException("ZLIB_GLZ: inflates to more than the declared " + size + " bytes");
            }
            if (!inflater.finished()) {
                throw new ImageDecodeException("ZLIB_GLZ: zlib stream ends early");
            }
            return MemorySegment.ofArray(inflated).asSlice(0, produced);
        } catch (DataFormatException e) {
            throw new ImageDecodeException("ZLIB_GLZ: bad zlib data: " + e.getMessage());
        }
    }

    /** Releases the zlib inflater. */
    @Override
    public void close() {
        inflater.end();
    }

    private void inflateFully(byte[] into, int from, int length) throws DataFormatException, ImageDecodeException {
        int at = from;
        while (at < from + length) {
            int n = inflater.inflate(into, at, from + length - at);
            if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                throw new ImageDecodeException("ZLIB_GLZ: zlib stream ends inside the GLZ header");
            }
            at += n;
        }
    }

    /** Whether the inflater has output beyond what was asked for, probed with one byte. */
    private boolean moreOutput() throws DataFormatException {
        return inflater.inflate(new byte[1]) > 0;
    }

    /**
     * Decodes the RGB pass: literals are B, G, R (RGB24, RGB32, RGBA) or x1r5g5b5 high byte first (RGB16,
     * lengths biased by 1), stored with a zero pad byte as the reference decoder stores them.
     */
    private int rgbPass(byte[] in, int ip, int end, int[] out, GlzHeader header)
            throws ImageDecodeException, InterruptedException {
        boolean rgb16 = header.type() == LzImageType.RGB16;
        int literalBytes = rgb16 ? 2 : 3;
        int lengthBias = rgb16 ? 1 : 0;
        int count = out.length;
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
                        out[op++] = Argb32Rows.expand555((in[ip] & 0xFF) << 8 | (in[ip + 1] & 0xFF));
                    }
                } else {
                    for (int i = 0; i < run; i++, ip += 3) {
                        out[op++] = (in[ip + 2] & 0xFF) << 16 | (in[ip + 1] & 0xFF) << 8 | (in[ip] & 0xFF);
                    }
                }
                continue;
            }
            ip = readMatch(in, ip, end, ctrl, count);
            int len = matchLength + lengthBias;
            if (matchImageDistance == 0) {
                LzMatch.copy(out, op, matchOffset + 1, len, count, CODEC);
            } else {
                if (len > count - op) {
                    throw overrun(len, count - op);
                }
                int[] ref = referencedImage(header.imageId(), matchImageDistance, matchOffset, len);
                System.arraycopy(ref, matchOffset, out, op, len);
            }
            op += len;
        }
        return ip;
    }

    /** Decodes the alpha pass of an RGBA image into the top byte of each pixel; lengths are biased by 2. */
    private void alphaPass(byte[] in, int ip, int end, int[] out, long imageId)
            throws ImageDecodeException, InterruptedException {
        int count = out.length;
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
                for (int i = 0; i < run; i++) {
                    out[op] = (out[op] & 0x00FFFFFF) | in[ip++] << 24;
                    op++;
                }
                continue;
            }
            ip = readMatch(in, ip, end, ctrl, count);
            int len = matchLength + ALPHA_LENGTH_BIAS;
            int[] ref;
            int from;
            if (matchImageDistance == 0) {
                int distance = matchOffset + 1;
                LzMatch.checkInside(op, distance, len, count, CODEC);
                ref = out;
                from = op - distance;
            } else {
                if (len > count - op) {
                    throw overrun(len, count - op);
                }
                ref = referencedImage(imageId, matchImageDistance, matchOffset, len);
                from = matchOffset;
            }
            for (int i = 0; i < len; i++) {
                out[op + i] = (out[op + i] & 0x00FFFFFF) | (ref[from + i] & 0xFF000000);
            }
            op += len;
        }
    }

    /**
     * Reads the rest of a match after its control byte into {@link #matchLength} (unbiased),
     * {@link #matchOffset} and {@link #matchImageDistance}.
     *
     * @param maxLength lengths beyond this are refused anyway, so reading stops there
     * @return the input position after the match
     */
    private int readMatch(byte[] in, int ip, int end, int ctrl, int maxLength) throws ImageDecodeException {
        int len = ctrl >>> 5;
        boolean longOffset = (ctrl & 0x10) != 0;
        int offset = ctrl & 0x0F;
        if (len == LONG_LENGTH) {
            long extended = LzMatch.extendLength(in, ip, end, len, maxLength, CODEC);
            ip = LzMatch.position(extended);
            len = LzMatch.value(extended);
        }
        if (end - ip < 2) {
            throw truncated();
        }
        offset += (in[ip++] & 0xFF) << 4;
        int code = in[ip++] & 0xFF;
        int imageBytes = code >>> 6;
        int imageDistance;
        if (!longOffset) {
            if (end - ip < imageBytes) {
                throw truncated();
            }
            imageDistance = code & 0x3F;
            for (int i = 0; i < imageBytes; i++) {
                imageDistance += (in[ip++] & 0xFF) << (6 + 8 * i);
            }
        } else {
            boolean veryLongOffset = (code & 0x20) != 0;
            offset += (code & 0x1F) << 12;
            if (end - ip < imageBytes + (veryLongOffset ? 1 : 0)) {
                throw truncated();
            }
            imageDistance = 0;
            for (int i = 0; i < imageBytes; i++) {
                imageDistance += (in[ip++] & 0xFF) << (8 * i);
            }
            if (veryLongOffset) {
                offset += (in[ip++] & 0xFF) << 17;
            }
        }
        matchLength = len;
        matchOffset = offset;
        matchImageDistance = imageDistance;
        return ip;
    }

    /**
     * Finds an earlier image in the window, waiting for it if need be, and checks that {@code len} pixels
     * from {@code offset} lie inside it.
     */
    private int[] referencedImage(long imageId, int distance, int offset, int len)
            throws ImageDecodeException, InterruptedException {
        int slot = distance & (REFERENCE_SLOTS - 1);
        int[] pixels = referencePixels[slot];
        if (pixels == null || referenceDistances[slot] != distance) {
            long referencedId = imageId - distance;
            if (referencedId < 0) {
                throw new ImageDecodeException("GLZ: image " + imageId + " references " + distance
                        + " images back");
            }
            pixels = window.await(referencedId, waitNanos);
            referencePixels[slot] = pixels;
            referenceDistances[slot] = distance;
        }
        if (offset > pixels.length - len) {
            throw new ImageDecodeException("GLZ: reference to pixels " + offset + ".." + (offset + len)
                    + " of an image of " + pixels.length);
        }
        return pixels;
    }

    private static ImageDecodeException truncated() {
        return new ImageDecodeException("GLZ: stream ends inside the image");
    }

    private static ImageDecodeException overrun(int len, int left) {
        return new ImageDecodeException("GLZ: run of " + len + " past the end of the image (" + left + " left)");
    }
}
