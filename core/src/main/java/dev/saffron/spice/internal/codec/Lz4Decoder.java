package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Decodes SPICE's LZ4 images (type 109) into 32-bit pixels, as spice-common's {@code canvas_get_lz4} does.
 *
 * <p>The payload is {@code u8 top_down, u8 SpiceBitmapFmt}, then one or more blocks, each a big-endian u32
 * length and an LZ4 block (no frame format). The server compresses with LZ4's streaming API, so a block may
 * copy from bytes earlier blocks produced: all blocks decode into one buffer. The decoded bytes are packed
 * rows of {@code width * bytesPerPixel}.
 *
 * <p>Like the reference client, this accepts decoded data up to the size of a 4-byte-aligned row per line
 * and reads it as packed rows; less than the packed image is an error.
 *
 * <p>Call {@link #parseHeader}, allocate the destination, then {@link #decode}. One instance per thread: it
 * keeps scratch buffers between images.
 */
public final class Lz4Decoder {
    private static final String CODEC = "LZ4";
    private static final int HEADER_BYTES = 2;
    private static final int MIN_MATCH = 4;
    /** A token's length nibble at this value says extension bytes follow. */
    private static final int LONG_LENGTH = 15;
    /** Leaves headroom so that a length read one extension byte past the capacity cannot overflow. */
    private static final int MAX_DECODED_BYTES = Integer.MAX_VALUE - 1024;
    private static final VarHandle LITTLE_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Copies move 8 bytes at a time; the byte order does not matter for a copy. */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** Matches up to this long move as longs. */
    private static final int SHORT_MATCH = 32;
    /** Literal runs up to this long move as two longs. */
    private static final int WILD_COPY = 16;
    /**
     * Room past the image in the scratch buffer, so that the 8-byte copies near the end of the image need no
     * slower path; the decoded length is still checked against the image's size.
     */
    private static final int SLACK = 32;

    private final ImageLimits limits;
    private final InputBytes input = new InputBytes();
    private byte[] decoded = new byte[0];
    private int[] rowBuffer = new int[0];

    /** @param limits the largest image this decoder accepts */
    public Lz4Decoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * @param src    the payload
     * @param width  the image descriptor's width
     * @param height the image descriptor's height
     * @return the header
     * @throws ImageDecodeException if the payload is too short, the format is not one LZ4 images use, or the
     *                              size is beyond this decoder's limits
     */
    public Lz4Header parseHeader(MemorySegment src, long width, long height) throws ImageDecodeException {
        limits.checkSize(width, height, CODEC);
        if (src.byteSize() < HEADER_BYTES) {
            throw new ImageDecodeException("LZ4: payload of " + src.byteSize() + " bytes has no header");
        }
        boolean topDown = src.get(ValueLayout.JAVA_BYTE, 0) != 0;
        int formatNumber = src.get(ValueLayout.JAVA_BYTE, 1) & 0xFF;
        Lz4Header.Format format = Lz4Header.Format.fromWire(formatNumber);
        if (format == null) {
            throw new ImageDecodeException("LZ4: unsupported bitmap format " + formatNumber);
        }
        return new Lz4Header((int) width, (int) height, topDown, format);
    }

    /**
     * Decodes an image to opaque pixels (RGBA keeps its alpha); 16-bit pixels widen as pixman widens them.
     *
     * @param header    the header {@link #parseHeader} read from {@code src}
     * @param src       the whole payload, header included, and nothing after the last block
     * @param dst       the destination: (x, y) is the little-endian int at
     *                  {@code dstOffset + y * dstStride + 4 * x}
     * @param dstOffset byte offset of the top-left pixel
     * @param dstStride bytes from one row to the next
     * @throws ImageDecodeException if a block is truncated or malformed, or the blocks decode to too little
     *                              or too much
     * @throws IllegalArgumentException if the image does not fit the destination
     */
    public void decode(Lz4Header header, MemorySegment src, MemorySegment dst, long dstOffset, int dstStride)
            throws ImageDecodeException {
        int width = header.width();
        int height = header.height();
        limits.checkSize(width, height, CODEC);
        Argb32Rows.checkDestination(dst, dstOffset, dstStride, width, height);
        int bytesPerPixel = header.format().bytesPerPixel();
        int rowBytes = width * bytesPerPixel;
        long capacity = (long) ((rowBytes + 3) & ~3) * height;
        if (capacity > MAX_DECODED_BYTES) {
            throw new ImageDecodeException("LZ4: " + width + "x" + height + " image is too large");
        }
        if (decoded.length < capacity + SLACK) {
            decoded = new byte[(int) capacity + SLACK];
        }
        input.load(src, CODEC);
        int produced = decodeBlocks(input.array(), input.start() + HEADER_BYTES, input.end(), decoded,
                (int) capacity);
        if (produced < rowBytes * height) {
            throw new ImageDecodeException("LZ4: blocks hold " + produced + " bytes, the image needs "
                    + rowBytes * height);
        }
        writeRows(header, dst, dstOffset, dstStride);
    }

    /** Decodes every block into {@code out} and returns the number of bytes produced. */
    static int decodeBlocks(byte[] in, int ip, int end, byte[] out, int capacity) throws ImageDecodeException {
        int op = 0;
        do {
            if (end - ip < 4) {
                throw new ImageDecodeException("LZ4: block length cut short");
            }
            long blockSize = Integer.toUnsignedLong(readBlockSize(in, ip));
            ip += 4;
            if (blockSize > end - ip) {
                throw new ImageDecodeException("LZ4: block of " + blockSize + " bytes, " + (end - ip) + " left");
            }
            int blockEnd = ip + (int) blockSize;
            int before = op;
            op = decodeBlock(in, ip, blockEnd, out, op, capacity);
            if (op == before) {
                throw new ImageDecodeException("LZ4: empty block");
            }
            ip = blockEnd;
        } while (ip < end);
        return op;
    }

    private static int readBlockSize(byte[] in, int ip) {
        return (in[ip] & 0xFF) << 24 | (in[ip + 1] & 0xFF) << 16 | (in[ip + 2] & 0xFF) << 8 | (in[ip + 3] & 0xFF);
    }

    /**
     * Decodes one LZ4 block (sequences of token, literals, 2-byte little-endian offset, match) into
     * {@code out} from {@code op}; matches may reach back to the start of {@code out}.
     *
     * @return the output position after the block
     */
    static int decodeBlock(byte[] in, int ip, int end, byte[] out, int op, int capacity)
            throws ImageDecodeException {
        while (true) {
            if (ip >= end) {
                throw new ImageDecodeException("LZ4: block ends without its last literals");
            }
            int token = in[ip++] & 0xFF;
            int literals = token >>> 4;
            if (literals == LONG_LENGTH) {
                long extended = LzMatch.extendLength(in, ip, end, literals, capacity, CODEC);
                ip = LzMatch.position(extended);
                literals = LzMatch.value(extended);
            }
            if (literals > end - ip) {
                throw truncated();
            }
            if (literals > capacity - op) {
                throw overrun();
            }
            if (literals <= WILD_COPY && ip + WILD_COPY <= in.length && op + WILD_COPY <= out.length) {
                // Most literal runs are short: two 8-byte moves beat arraycopy's setup; the bytes past the run
                // land in output not yet written, which later sequences overwrite.
                LONG.set(out, op, (long) LONG.get(in, ip));
                LONG.set(out, op + 8, (long) LONG.get(in, ip + 8));
            } else {
                System.arraycopy(in, ip, out, op, literals);
            }
            ip += literals;
            op += literals;
            if (ip == end) {
                return op;
            }
            if (end - ip < 2) {
                throw truncated();
            }
            int offset = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8;
            ip += 2;
            int len = token & 0x0F;
            if (len == LONG_LENGTH) {
                long extended = LzMatch.extendLength(in, ip, end, len, capacity, CODEC);
                ip = LzMatch.position(extended);
                len = LzMatch.value(extended);
            }
            len += MIN_MATCH;
            // An offset of 0 is invalid in LZ4, and refused as a match reaching outside the output.
            if (len <= SHORT_MATCH && offset >= 8 && len <= capacity - op && offset <= op
                    && op + SHORT_MATCH <= out.length) {
                // Short matches are most of them: 8 bytes a step, each reading only bytes at least 8 back, which
                // earlier steps wrote. Longer ones go to arraycopy, which moves more than 8 bytes a step.
                int from = op - offset;
                for (int i = 0; i < len; i += 8) {
                    LONG.set(out, op + i, (long) LONG.get(out, from + i));
                }
            } else {
                LzMatch.copy(out, op, offset, len, capacity, CODEC);
            }
            op += len;
        }
    }

    private void writeRows(Lz4Header header, MemorySegment dst, long dstOffset, int dstStride) {
        int width = header.width();
        int height = header.height();
        int rowBytes = width * header.format().bytesPerPixel();
        if (rowBuffer.length < width) {
            rowBuffer = new int[width];
        }
        int[] row = rowBuffer;
        byte[] in = decoded;
        for (int r = 0; r < height; r++) {
            int at = r * rowBytes;
            long to = dstOffset + (long) (header.topDown() ? r : height - 1 - r) * dstStride;
            switch (header.format()) {
                case RGBA -> {
                    MemorySegment.copy(in, at, dst, ValueLayout.JAVA_BYTE, to, rowBytes);
                    continue;
                }
                case RGB32 -> {
                    for (int x = 0; x < width; x++, at += 4) {
                        row[x] = (int) LITTLE_ENDIAN_INT.get(in, at) | Argb32Rows.OPAQUE;
                    }
                }
                case RGB24 -> {
                    for (int x = 0; x < width; x++, at += 3) {
                        row[x] = Argb32Rows.OPAQUE
                                | (in[at + 2] & 0xFF) << 16 | (in[at + 1] & 0xFF) << 8 | (in[at] & 0xFF);
                    }
                }
                case RGB16 -> {
                    for (int x = 0; x < width; x++, at += 2) {
                        row[x] = Argb32Rows.OPAQUE | Argb32Rows.expand555((in[at] & 0xFF) | (in[at + 1] & 0xFF) << 8);
                    }
                }
            }
            MemorySegment.copy(row, 0, dst, Argb32Rows.PIXEL, to, width);
        }
    }

    private static ImageDecodeException truncated() {
        return new ImageDecodeException("LZ4: block ends inside a sequence");
    }

    private static ImageDecodeException overrun() {
        return new ImageDecodeException("LZ4: blocks decode to more than the image holds");
    }
}
