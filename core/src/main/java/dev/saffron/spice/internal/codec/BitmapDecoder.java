package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Turns the pixel data of a SPICE BITMAP image (uncompressed, in any {@link BitmapFormat}) into 32-bit
 * pixels, as spice-common's canvas does.
 *
 * <p>What lands in each pixel's top byte: alpha for {@link BitmapFormat#RGBA} (premultiplied, copied as
 * sent) and {@link BitmapFormat#ALPHA8} (whose colour is black, {@code a << 24}). For the opaque formats the
 * top byte means nothing and is what the reference canvas leaves there: the pad byte for RGB32, the
 * entry's top byte for palette formats, 0 for RGB16 and RGB24; HIGH_BITS_SET, which the server sets on
 * 32-bit data whose pad bytes are all 0xFF, makes it 0xFF for every opaque format.
 *
 * <p>Where spice-common's canvas has no behaviour, this decoder chooses one: the LE palette formats, which
 * the canvas aborts on for BITMAP images, take the bit and nibble order its LZ decoder uses for them; a
 * palette format without a palette, which the canvas asserts against, is refused.
 *
 * <p>Reuse one decoder per thread: it keeps row buffers, grown to the widest image seen (eight bytes per
 * column). Not thread-safe.
 */
public final class BitmapDecoder {
    private static final int HIGH_BITS = 0xFF00_0000;

    private final long maxPixels;
    private byte[] rowBytes = new byte[0];
    private int[] rowPixels = new int[0];

    /**
     * @param maxPixels the most pixels (width times height) an image may have, at least 1
     * @throws IllegalArgumentException if maxPixels is less than 1
     */
    public BitmapDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1: " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /**
     * Decodes a bitmap into {@code dst}, the top row of the image into the top row of the buffer
     * whatever the data's row order. Everything is checked before a pixel is written.
     *
     * @param header      the bitmap's layout
     * @param palette     the palette that {@link PaletteCache#resolve} found, {@code null} if none; ignored
     *                    by formats without one
     * @param data        the pixel data: at least {@code header.dataSize()} bytes; not retained
     * @param highBitsSet whether the image descriptor has HIGH_BITS_SET
     * @param dst         where the pixels go, exactly the image's size
     * @throws ImageDecodeException     if the image is over the pixel limit, its stride is shorter than a
     *                                  row, the data is shorter than stride times height, or a palette
     *                                  format comes without a palette
     * @throws IllegalArgumentException if {@code dst} is read-only or not the image's size
     */
    public void decode(BitmapHeader header, Palette palette, MemorySegment data, boolean highBitsSet,
                       PixelBuffer dst) throws ImageDecodeException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(data, "data");
        checkDestination(header, dst);
        BitmapFormat format = header.format();
        int width = header.width();
        int height = header.height();
        if ((long) width * height > maxPixels) {
            throw new ImageDecodeException("bitmap of " + width + "x" + height + " pixels is over the limit of "
                    + maxPixels);
        }
        long rowSize = format.minimumStride(width);
        if (header.stride() < rowSize) {
            throw new ImageDecodeException("bitmap stride " + header.stride() + " is shorter than a " + format
                    + " row of " + width + " pixels");
        }
        if (data.byteSize() < header.dataSize()) {
            throw new ImageDecodeException("bitmap data truncated: " + data.byteSize() + " bytes for "
                    + header.dataSize());
        }
        if (format.usesPalette() && palette == null) {
            throw new ImageDecodeException(format + " bitmap without a palette");
        }
        if (width == 0 || height == 0) {
            return;
        }
        int fill = highBitsSet && !format.hasAlpha() ? HIGH_BITS : 0;
        ensureRowCapacity((int) rowSize, width);
        for (int row = 0; row < height; row++) {
            long source = (long) row * header.stride();
            int y = header.topDown() ? row : height - 1 - row;
            long target = dst.offset() + (long) y * dst.stride();
            if ((format == BitmapFormat.RGB32 && fill == 0) || format == BitmapFormat.RGBA) {
                // Bytes B, G, R, X/A are the little-endian int 0xXXRRGGBB already.
                MemorySegment.copy(data, source, dst.segment(), target, 4L * width);
                continue;
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, source, rowBytes, 0, (int) rowSize);
            convertRow(format, palette, width, fill);
            MemorySegment.copy(rowPixels, 0, dst.segment(), PixelBuffer.PIXEL, target, width);
        }
    }

    private static void checkDestination(BitmapHeader header, PixelBuffer dst) {
        if (dst.segment().isReadOnly()) {
            throw new IllegalArgumentException("destination is read-only");
        }
        if (dst.width() != header.width() || dst.height() != header.height()) {
            throw new IllegalArgumentException("destination is " + dst.width() + "x" + dst.height()
                    + " but the bitmap is " + header.width() + "x" + header.height());
        }
    }

    private void ensureRowCapacity(int bytes, int pixels) {
        if (rowBytes.length < bytes) {
            rowBytes = new byte[bytes];
        }
        if (rowPixels.length < pixels) {
            rowPixels = new int[pixels];
        }
    }

    /** Converts the row in {@code rowBytes} into {@code rowPixels}, OR-ing {@code fill} into every pixel. */
    private void convertRow(BitmapFormat format, Palette palette, int width, int fill) {
        byte[] in = rowBytes;
        int[] out = rowPixels;
        switch (format) {
            case PALETTE_1_LE, PALETTE_1_BE -> {
                int background = palette.color(0) | fill;
                int foreground = palette.color(1) | fill;
                boolean msbFirst = format == BitmapFormat.PALETTE_1_BE;
                for (int x = 0; x < width; x++) {
                    int bit = msbFirst ? 7 - (x & 7) : x & 7;
                    out[x] = (in[x >>> 3] >>> bit & 1) != 0 ? foreground : background;
                }
            }
            case PALETTE_4_LE, PALETTE_4_BE -> {
                int[] colors = palette.colorByIndex();
                int firstShift = format == BitmapFormat.PALETTE_4_BE ? 4 : 0;
                for (int x = 0; x < width; x++) {
                    int shift = (x & 1) == 0 ? firstShift : 4 - firstShift;
                    out[x] = colors[in[x >>> 1] >>> shift & 0x0F] | fill;
                }
            }
            case PALETTE_8 -> {
                int[] colors = palette.colorByIndex();
                for (int x = 0; x < width; x++) {
                    out[x] = colors[in[x] & 0xFF] | fill;
                }
            }
            case RGB16 -> {
                for (int x = 0, i = 0; x < width; x++, i += 2) {
                    int v = in[i] & 0xFF | (in[i + 1] & 0xFF) << 8;
                    out[x] = fill | widen5(v >>> 10 & 0x1F) << 16 | widen5(v >>> 5 & 0x1F) << 8 | widen5(v & 0x1F);
                }
            }
            case RGB24 -> {
                for (int x = 0, i = 0; x < width; x++, i += 3) {
                    out[x] = fill | (in[i + 2] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | in[i] & 0xFF;
                }
            }
            case RGB32 -> {
                for (int x = 0, i = 0; x < width; x++, i += 4) {
                    out[x] = fill | (in[i + 2] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | in[i] & 0xFF;
                }
            }
            case ALPHA8 -> {
                for (int x = 0; x < width; x++) {
                    out[x] = in[x] << 24;
                }
            }
            case RGBA -> throw new IllegalStateException("RGBA rows are copied, not converted");
        }
    }

    /** Widens a 5-bit channel to 8 bits by repeating its top bits, as pixman does for x1r5g5b5. */
    private static int widen5(int value) {
        return value << 3 | value >>> 2;
    }
}
