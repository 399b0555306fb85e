package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes SPICE's QUIC images (lossless, photographic) into 32-bit pixels, reproducing spice-common's
 * decoder bit for bit.
 *
 * <p>QUIC predicts each channel from the pixel to the left and the one above, folds the residual into a
 * small non-negative symbol and codes it with a Golomb-Rice code chosen per context by adaptive bucket
 * statistics. Rows after the first switch to a run-length code where the neighbourhood is flat.
 *
 * <p>Reuse one decoder per thread: it keeps its model and row buffers between images, so a warmed-up
 * decoder allocates nothing per image beyond the returned header. Its row buffers grow to the widest
 * image seen (about 40 bytes per column). Not thread-safe.
 */
public final class QuicDecoder {
    /** Largest pixel limit a decoder accepts; spice-common refuses images above it too. */
    public static final long MAX_PIXEL_LIMIT = (1L << 29) - 1;

    private static final int MAGIC = 0x43495551;
    private static final int VERSION = 0;
    private static final int OPAQUE = 0xFF00_0000;
    private static final ValueLayout.OfInt PIXEL =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long maxPixels;
    private final QuicBitReader in = new QuicBitReader();
    private final QuicChannelGroup color = new QuicChannelGroup(3);
    private final QuicChannelGroup alpha = new QuicChannelGroup(1);

    /** The code family of the image being decoded. */
    private QuicCodeFamily family = QuicCodeFamily.EIGHT_BITS;
    /** Or'ed into every decoded color pixel: opaque alpha for the types without alpha. */
    private int colorFill;

    /*
     * Rows of decoded pixels, as decodeRow describes. Pixel x is at index x + 1; index 0 is a margin
     * holding what the row's first pixel is predicted from.
     */
    private int rowCapacity;
    private int[] colorAbove = new int[0];
    private int[] colorRow = new int[0];
    private int[] alphaAbove = new int[0];
    private int[] alphaRow = new int[0];
    private int[] outputRow = new int[0];

    /**
     * @param maxPixels the most pixels (width times height) an image may have, 1 to
     *                  {@link #MAX_PIXEL_LIMIT}
     */
    public QuicDecoder(long maxPixels) {
        if (maxPixels < 1 || maxPixels > MAX_PIXEL_LIMIT) {
            throw new IllegalArgumentException("maxPixels must be 1.." + MAX_PIXEL_LIMIT + ": " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /**
     * Reads and checks the header of a QUIC stream.
     *
     * @param data the QUIC bytes exactly (a SpiceQUICData's data); not retained
     * @return the image type and size
     * @throws ImageDecodeException if the data is too short, not QUIC, of another version, of an unknown
     *                              or unsupported type (GRAY), empty, or larger than this decoder's limit
     */
    public QuicHeader readHeader(MemorySegment data) throws ImageDecodeException {
        try {
            in.start(data);
            return parseHeader();
        } finally {
            in.release();
        }
    }

    /**
     * Decodes a QUIC image into top-down rows of 32-bit pixels: pixel (x, y) becomes the little-endian
     * int {@code 0xAARRGGBB} at {@code dstOffset + y * dstStrideBytes + 4 * x}. Opaque types get alpha
     * 0xFF; RGB16 channels widen from 5 to 8 bits by repeating their top bits, as pixman does.
     *
     * <p>On an exception the destination may hold a partly decoded image.
     *
     * @param data   the QUIC bytes exactly; not retained
     * @param header what {@link #readHeader} returned for {@code data}
     * @param dst    where the pixels go; only the image's rectangle is written
     * @throws ImageDecodeException     if the stream is truncated or corrupt
     * @throws IllegalArgumentException if {@code header} does not describe {@code data}, or the
     *                                  destination is read-only or too small for the image
     */
    public void decode(MemorySegment data, QuicHeader header, MemorySegment dst, long dstOffset,
                       int dstStrideBytes) throws ImageDecodeException {
        checkDestination(header, dst, dstOffset, dstStrideBytes);
        try {
            in.start(data);
            if (!parseHeader().equals(header)) {
                throw new IllegalArgumentException("the header given is not this data's: " + header);
            }
            decodeImage(header, dst, dstOffset, dstStrideBytes);
        } finally {
            in.release();
        }
    }

    private static void checkDestination(QuicHeader header, MemorySegment dst, long offset, int stride) {
        long rowBytes = 4L * header.width();
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination is read-only");
        }
        if (offset < 0 || stride < rowBytes
                || offset + (header.height() - 1L) * stride + rowBytes > dst.byteSize()) {
            throw new IllegalArgumentException("destination of " + dst.byteSize() + " bytes cannot hold "
                    + header.width() + "x" + header.height() + " pixels at offset " + offset
                    + " with stride " + stride);
        }
    }

    private QuicHeader parseHeader() throws ImageDecodeException {
        int magic = in.readWord();
        if (magic != MAGIC) {
            throw new ImageDecodeException(String.format("not a QUIC stream: magic 0x%08x", magic));
        }
        int version = in.readWord();
        if (version != VERSION) {
            throw new ImageDecodeException(String.format("unsupported QUIC version 0x%08x", version));
        }
        int typeValue = in.readWord();
        QuicImageType type = QuicImageType.fromWireValue(typeValue);
        if (type == null) {
            throw new ImageDecodeException("unknown QUIC image type " + Integer.toUnsignedString(typeValue));
        }
        if (type == QuicImageType.GRAY) {
            throw new ImageDecodeException("GRAY QUIC images are not supported (spice-common's canvas refuses them)");
        }
        int width = in.readWord();
        int height = in.readWord();
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException("invalid QUIC image size " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height));
        }
        if ((long) width * height > maxPixels) {
            throw new ImageDecodeException("QUIC image of " + width + "x" + height + " pixels is over the limit of "
                    + maxPixels);
        }
        return new QuicHeader(type, width, height);
    }

    private void decodeImage(QuicHeader header, MemorySegment dst, long dstOffset, int stride)
            throws ImageDecodeException {
        QuicImageType type = header.type();
        int width = header.width();
        ensureRowCapacity(width);
        family = type.bitsPerChannel() == 5 ? QuicCodeFamily.FIVE_BITS : QuicCodeFamily.EIGHT_BITS;
        boolean hasAlpha = type == QuicImageType.RGBA;
        colorFill = type == QuicImageType.RGB24 || type == QuicImageType.RGB32 ? OPAQUE : 0;
        color.reset(family, width);
        if (hasAlpha) {
            alpha.reset(family, width);
        }

        long rowOffset = dstOffset;
        for (int y = 0; y < header.height(); y++) {
            decodeRow(color, y == 0 ? null : colorAbove, colorRow, width);
            if (hasAlpha) {
                decodeRow(alpha, y == 0 ? null : alphaAbove, alphaRow, width);
            }
            writeRow(type, width, dst, rowOffset);
            rowOffset += stride;
            int[] swap = colorAbove;
            colorAbove = colorRow;
            colorRow = swap;
            swap = alphaAbove;
            alphaAbove = alphaRow;
            alphaRow = swap;
        }
    }

    private void ensureRowCapacity(int width) {
        if (rowCapacity < width) {
            colorAbove = new int[width + 1];
            colorRow = new int[width + 1];
            alphaAbove = new int[width + 1];
            alphaRow = new int[width + 1];
            outputRow = new int[width];
            rowCapacity = width;
        }
    }

    private void writeRow(QuicImageType type, int width, MemorySegment dst, long offset) {
        switch (type) {
            case RGB24, RGB32 -> {
                MemorySegment.copy(colorRow, 1, dst, PIXEL, offset, width);
                return;
            }
            case RGB16 -> {
                for (int x = 0; x < width; x++) {
                    int p = colorRow[x + 1];
                    outputRow[x] = OPAQUE | widen5(p >>> 16 & 0x1F) << 16 | widen5(p >>> 8 & 0x1F) << 8
                            | widen5(p & 0x1F);
                }
            }
            case RGBA -> {
                for (int x = 0; x < width; x++) {
                    outputRow[x] = alphaRow[x + 1] << 24 | colorRow[x + 1];
                }
            }
            case GRAY -> throw new IllegalStateException("GRAY is refused when the header is read");
        }
        MemorySegment.copy(outputRow, 0, dst, PIXEL, offset, width);
    }

    private static int widen5(int value) {
        return value << 3 | value >>> 2;
    }

    /**
     * Decodes one row of a channel group into {@code row}, one int per pixel with red, green and blue in
     * bits 16, 8 and 0 up, or alpha in bits 0 up. The row is cut into segments where the wait mask widens.
     */
    private void decodeRow(QuicChannelGroup group, int[] above, int[] row, int width) throws ImageDecodeException {
        QuicAdaptiveState state = group.state;
        group.startRow(above == null);
        // Prediction: the mean of the left and upper neighbours, where only one exists both stand for it,
        // and the image's first pixel is predicted as zero. The margin makes the first pixel's case fit.
        row[0] = above == null ? 0 : above[1];
        int start = 0;
        int left = width;
        while (state.waitMaskGrows() && state.pixelsUntilWiderMask <= left) {
            int length = state.pixelsUntilWiderMask;
            if (length > 0) {
                decodeSegment(group, above, row, start, start + length);
                start += length;
                left -= length;
            }
            state.widenWaitMask();
        }
        if (left > 0) {
            decodeSegment(group, above, row, start, width);
            if (state.waitMaskGrows()) {
                state.pixelsUntilWiderMask -= left;
            }
        }
    }

    /**
     * Decodes pixels {@code start} (inclusive) to {@code end} (exclusive) of a row at one wait mask:
     * pixel by pixel with a model update after each randomly spaced stretch, or as runs.
     */
    private void decodeSegment(QuicChannelGroup group, int[] above, int[] row, int start, int end)
            throws ImageDecodeException {
        QuicAdaptiveState state = group.state;
        boolean isColor = group == color;
        int waitMask = state.waitMask();
        // Counting the wait from x = 0 reproduces spice-common's separate handling of a row's first pixel.
        int nextUpdate = start + state.waitCount;
        int runStart = -1;
        int x = start;
        while (true) {
            int stop = Math.min(end, nextUpdate + 1);
            int reached = isColor ? decodeColorPixels(above, row, x, stop, runStart)
                    : decodeAlphaPixels(above, row, x, stop, runStart);
            if (reached < stop) {
                // Run pixels do not count towards the wait before the next model update.
                int wait = nextUpdate - reached;
                runStart = reached;
                int run = state.decodeRun(in, end - reached);
                Arrays.fill(row, reached + 1, reached + 1 + run, row[reached]);
                x = reached + run;
                if (x == end) {
                    state.waitCount = wait;
                    return;
                }
                nextUpdate = x + wait;
                continue;
            }
            x = stop;
            if (stop == nextUpdate + 1) {
                group.update(nextUpdate);
                nextUpdate = x + (state.nextRandom() & waitMask);
            }
            if (x == end) {
                state.waitCount = nextUpdate - end;
                return;
            }
        }
    }

    /*
     * The hot loops, written out twice, for red-green-blue and for alpha, each with its working set in
     * locals: the compiler keeps that in registers only while the loop stays this simple. Each decodes
     * pixels from x until stop, or until run mode takes over, and returns where it stopped.
     */

    private int decodeColorPixels(int[] above, int[] row, int x, int stop, int runStart)
            throws ImageDecodeException {
        int[] symbols = color.symbols;
        int[] codes = color.codeForContext;
        QuicCodeFamily family = this.family;
        int mask = family.symbolMask;
        int fill = colorFill;
        long window = in.window();
        for (; x < stop; x++) {
            int left = row[x];
            int up = left;
            if (above != null) {
                up = above[x + 1];
                // Run mode: two equal pixels under two equal ones, unless a run started right here.
                if (x > 2 && x != runStart && above[x] == up && left == row[x - 1]) {
                    break;
                }
            }
            // The three symbols first: they depend only on the stream and the previous pixel's symbols.
            int context = 3 * x;
            window = in.consume(window, QuicCodeFamily.decode(codes[symbols[context] & mask], QuicBitReader.peek(window),
                    symbols, context + 3));
            window = in.consume(window, QuicCodeFamily.decode(codes[256 + (symbols[context + 1] & mask)],
                    QuicBitReader.peek(window), symbols, context + 4));
            window = in.consume(window, QuicCodeFamily.decode(codes[512 + (symbols[context + 2] & mask)],
                    QuicBitReader.peek(window), symbols, context + 5));
            int r = family.unfold(symbols[context + 3]) + ((left >>> 16 & mask) + (up >>> 16 & mask) >>> 1) & mask;
            int g = family.unfold(symbols[context + 4]) + ((left >>> 8 & mask) + (up >>> 8 & mask) >>> 1) & mask;
            int b = family.unfold(symbols[context + 5]) + ((left & mask) + (up & mask) >>> 1) & mask;
            row[x + 1] = fill | r << 16 | g << 8 | b;
        }
        in.window(window);
        return x;
    }

    private int decodeAlphaPixels(int[] above, int[] row, int x, int stop, int runStart)
            throws ImageDecodeException {
        int[] symbols = alpha.symbols;
        int[] codes = alpha.codeForContext;
        QuicCodeFamily family = this.family;
        int mask = family.symbolMask;
        long window = in.window();
        for (; x < stop; x++) {
            int left = row[x];
            int up = left;
            if (above != null) {
                up = above[x + 1];
                if (x > 2 && x != runStart && above[x] == up && left == row[x - 1]) {
                    break;
                }
            }
            window = in.consume(window, QuicCodeFamily.decode(codes[symbols[x] & mask], QuicBitReader.peek(window),
                    symbols, x + 1));
            row[x + 1] = family.unfold(symbols[x + 1]) + (left + up >>> 1) & mask;
        }
        in.window(window);
        return x;
    }
}
