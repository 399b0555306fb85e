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
    private final QuicAdaptiveState colorState = new QuicAdaptiveState();
    private final QuicAdaptiveState alphaState = new QuicAdaptiveState();
    /** Red, green, blue, alpha. */
    private final QuicChannelModel[] models = {
        new QuicChannelModel(), new QuicChannelModel(), new QuicChannelModel(), new QuicChannelModel(),
    };

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
        QuicCodeFamily family = type.bitsPerChannel() == 5 ? QuicCodeFamily.FIVE_BITS : QuicCodeFamily.EIGHT_BITS;
        boolean alpha = type == QuicImageType.RGBA;
        int colorFill = type == QuicImageType.RGB24 || type == QuicImageType.RGB32 ? OPAQUE : 0;
        colorState.reset();
        alphaState.reset();
        for (int c = 0; c < type.channels(); c++) {
            models[c].reset(family, width);
        }

        long rowOffset = dstOffset;
        for (int y = 0; y < header.height(); y++) {
            int[] above = y == 0 ? null : colorAbove;
            decodeRow(colorState, 0, 3, family, above, colorRow, width, colorFill);
            if (alpha) {
                decodeRow(alphaState, 3, 1, family, y == 0 ? null : alphaAbove, alphaRow, width, 0);
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
            colorAbove = new int[width];
            colorRow = new int[width];
            alphaAbove = new int[width];
            alphaRow = new int[width];
            outputRow = new int[width];
            rowCapacity = width;
        }
    }

    private void writeRow(QuicImageType type, int width, MemorySegment dst, long offset) {
        int[] source = outputRow;
        switch (type) {
            case RGB24, RGB32 -> source = colorRow;
            case RGB16 -> {
                for (int x = 0; x < width; x++) {
                    int p = colorRow[x];
                    outputRow[x] = OPAQUE | widen5(p >>> 16 & 0x1F) << 16 | widen5(p >>> 8 & 0x1F) << 8
                            | widen5(p & 0x1F);
                }
            }
            case RGBA -> {
                for (int x = 0; x < width; x++) {
                    outputRow[x] = alphaRow[x] << 24 | colorRow[x];
                }
            }
            case GRAY -> throw new IllegalStateException("GRAY is refused when the header is read");
        }
        MemorySegment.copy(source, 0, dst, PIXEL, offset, width);
    }

    private static int widen5(int value) {
        return value << 3 | value >>> 2;
    }

    /**
     * Decodes one row of a channel group (red, green and blue, or alpha alone) into {@code row}, one
     * int per pixel with channel {@code c} of {@code count} in bits {@code 8 * (count - 1 - c)} up.
     * The row is cut into segments where the wait mask widens.
     */
    private void decodeRow(QuicAdaptiveState state, int firstModel, int count, QuicCodeFamily family,
                           int[] above, int[] row, int width, int fill) throws ImageDecodeException {
        for (int c = firstModel; c < firstModel + count; c++) {
            int[] symbols = models[c].symbols;
            // The first pixel's context is the first symbol of the row above, 0 on the first row.
            symbols[0] = above == null ? 0 : symbols[1];
        }
        int start = 0;
        int left = width;
        while (state.waitMaskGrows() && state.pixelsUntilWiderMask <= left) {
            int length = state.pixelsUntilWiderMask;
            if (length > 0) {
                decodeSegment(state, firstModel, count, family, above, row, start, start + length, fill);
                start += length;
                left -= length;
            }
            state.widenWaitMask();
        }
        if (left > 0) {
            decodeSegment(state, firstModel, count, family, above, row, start, width, fill);
            if (state.waitMaskGrows()) {
                state.pixelsUntilWiderMask -= left;
            }
        }
    }

    /** Decodes pixels {@code start} (inclusive) to {@code end} (exclusive) of a row at one wait mask. */
    private void decodeSegment(QuicAdaptiveState state, int firstModel, int count, QuicCodeFamily family,
                               int[] above, int[] row, int start, int end, int fill)
            throws ImageDecodeException {
        int waitMask = state.waitMask();
        int x = start;
        int nextUpdate;
        if (x == 0) {
            int reference = above == null ? 0 : above[0];
            row[0] = decodePixel(firstModel, count, family, 0, reference, reference, fill);
            if (state.waitCount > 0) {
                state.waitCount--;
            } else {
                state.waitCount = state.nextRandom() & waitMask;
                updateModels(state, firstModel, count, family, 0);
            }
            x = 1;
            nextUpdate = 1 + state.waitCount;
        } else {
            nextUpdate = x + state.waitCount;
        }
        int runStart = -1;
        while (true) {
            boolean runStarts = false;
            for (; x < end; x++) {
                int left = row[x - 1];
                int up = left;
                if (above != null) {
                    up = above[x];
                    // A run starts after two equal pixels under two equal ones, unless one started right here.
                    if (x > 2 && x != runStart && above[x - 1] == up && left == row[x - 2]) {
                        runStarts = true;
                        break;
                    }
                }
                row[x] = decodePixel(firstModel, count, family, x, left, up, fill);
                if (x == nextUpdate) {
                    updateModels(state, firstModel, count, family, x);
                    nextUpdate = x + 1 + (state.nextRandom() & waitMask);
                }
            }
            if (!runStarts) {
                state.waitCount = nextUpdate - end;
                return;
            }
            // Run pixels do not count towards the wait before the next model update.
            state.waitCount = nextUpdate - x;
            runStart = x;
            int run = state.decodeRun(in, end - x);
            Arrays.fill(row, x, x + run, row[x - 1]);
            x += run;
            if (x == end) {
                return;
            }
            nextUpdate = x + state.waitCount;
        }
    }

    /**
     * Decodes pixel {@code x}'s channels. Each is predicted as the mean of its values in {@code left}
     * and {@code up}, which callers set equal where only one neighbour (or neither, as zero) exists.
     */
    private int decodePixel(int firstModel, int count, QuicCodeFamily family, int x, int left, int up,
                            int fill) throws ImageDecodeException {
        int mask = family.symbolMask;
        int pixel = fill;
        for (int c = 0; c < count; c++) {
            int shift = 8 * (count - 1 - c);
            QuicChannelModel model = models[firstModel + c];
            int[] symbols = model.symbols;
            int code = model.bestCode[family.bucketOf(symbols[x])];
            int decoded = family.decode(code, in.peek());
            int symbol = decoded & 0xFF;
            symbols[x + 1] = symbol;
            int prediction = ((left >>> shift & mask) + (up >>> shift & mask)) >>> 1;
            pixel |= (family.unfold(symbol) + prediction & mask) << shift;
            in.skip(decoded >>> 8);
        }
        return pixel;
    }

    private void updateModels(QuicAdaptiveState state, int firstModel, int count, QuicCodeFamily family, int x) {
        for (int c = firstModel; c < firstModel + count; c++) {
            int[] symbols = models[c].symbols;
            models[c].update(family, symbols[x], symbols[x + 1], state.halvingThreshold());
        }
    }
}
