package dev.saffron.spice.testing;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the X window dumps {@code xwd} writes (X11's {@code XWDFile.h}, version 7) of true-colour windows, so
 * that window captures need no image converter: a big-endian header of 25 32-bit fields, the window's name,
 * a colour table, then the pixels, rows {@code bytes_per_line} apart, each pixel {@code bits_per_pixel} wide in
 * the dump's own byte order, its colours picked out by the header's channel masks.
 */
public final class XwdImage {
    static final int HEADER_FIELDS = 25;
    static final int HEADER_BYTES = 4 * HEADER_FIELDS;
    static final int FILE_VERSION = 7;
    static final int Z_PIXMAP = 2;
    static final int TRUE_COLOR = 4;
    static final int DIRECT_COLOR = 5;
    static final int LSB_FIRST = 0;
    /** What one entry of the colour table takes: pixel, red, green, blue, flags and a pad byte. */
    static final int COLOR_BYTES = 12;

    private XwdImage() {
    }

    /** @return the dump's picture, as opaque RGB */
    public static PpmImage read(Path file) throws IOException {
        long size = Files.size(file);
        long largest = HEADER_BYTES + 65536L + 256L * COLOR_BYTES + 4L * PpmImage.MAX_DIMENSION * PpmImage.MAX_DIMENSION;
        if (size > largest) {
            throw new IOException(file + " has " + size + " bytes, more than any window dump accepted here");
        }
        return parse(Files.readAllBytes(file));
    }

    /**
     * @param data the bytes of a dump
     * @return its picture
     * @throws IOException if the bytes are not a version-7 ZPixmap dump of a true-colour window with 16, 24 or
     *                     32 bits per pixel, or are cut short
     */
    static PpmImage parse(byte[] data) throws IOException {
        if (data.length < HEADER_BYTES) {
            throw new IOException("window dump of " + data.length + " bytes is shorter than its header");
        }
        ByteBuffer header = ByteBuffer.wrap(data, 0, HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        long[] field = new long[HEADER_FIELDS];
        for (int i = 0; i < HEADER_FIELDS; i++) {
            field[i] = Integer.toUnsignedLong(header.getInt());
        }
        long headerSize = field[0];
        long version = field[1];
        long format = field[2];
        long width = field[4];
        long height = field[5];
        long byteOrder = field[7];
        long bitsPerPixel = field[11];
        long bytesPerLine = field[12];
        long visualClass = field[13];
        long colors = field[19];
        if (version != FILE_VERSION) {
            throw new IOException("window dump version " + version + ", not " + FILE_VERSION);
        }
        if (format != Z_PIXMAP || (visualClass != TRUE_COLOR && visualClass != DIRECT_COLOR)) {
            throw new IOException("window dump of format " + format + " and visual class " + visualClass
                    + ": only true-colour ZPixmap dumps are read");
        }
        if (bitsPerPixel != 16 && bitsPerPixel != 24 && bitsPerPixel != 32) {
            throw new IOException("window dump with " + bitsPerPixel + " bits per pixel");
        }
        if (width < 1 || height < 1 || width > PpmImage.MAX_DIMENSION || height > PpmImage.MAX_DIMENSION) {
            throw new IOException("window dump of " + width + "x" + height + " pixels");
        }
        int pixelBytes = (int) bitsPerPixel / 8;
        if (bytesPerLine < width * pixelBytes || bytesPerLine > 4L * PpmImage.MAX_DIMENSION + 64) {
            throw new IOException("window dump rows of " + bytesPerLine + " bytes cannot hold " + width + " pixels");
        }
        if (headerSize < HEADER_BYTES || colors > 65536) {
            throw new IOException("window dump header of " + headerSize + " bytes with " + colors + " colours");
        }
        long pixelStart = headerSize + colors * COLOR_BYTES;
        long needed = pixelStart + (height - 1) * bytesPerLine + width * pixelBytes;
        if (needed > data.length) {
            throw new IOException("window dump of " + data.length + " bytes is cut short: its "
                    + width + "x" + height + " pixels need " + needed);
        }
        Channel red;
        Channel green;
        Channel blue;
        try {
            red = new Channel(field[14]);
            green = new Channel(field[15]);
            blue = new Channel(field[16]);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        boolean littleEndian = byteOrder == LSB_FIRST;
        int[] rgb = new int[(int) (width * height)];
        for (int y = 0; y < height; y++) {
            int row = (int) (pixelStart + y * bytesPerLine);
            for (int x = 0; x < width; x++) {
                long pixel = pixel(data, row + x * pixelBytes, pixelBytes, littleEndian);
                rgb[y * (int) width + x] = red.value(pixel) << 16 | green.value(pixel) << 8 | blue.value(pixel);
            }
        }
        return PpmImage.of((int) width, (int) height, rgb);
    }

    private static long pixel(byte[] data, int offset, int bytes, boolean littleEndian) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            int b = data[offset + (littleEndian ? bytes - 1 - i : i)] & 0xFF;
            value = value << 8 | b;
        }
        return value;
    }

    /** One colour channel of a pixel: where its mask's bits are and how to widen them to 8 bits. */
    private record Channel(long mask, int shift, int bits) {
        Channel(long mask) {
            this(mask, Long.numberOfTrailingZeros(mask), Long.bitCount(mask));
        }

        Channel {
            if (bits < 1 || bits > 8 || mask >>> shift != (1L << bits) - 1) {
                throw new IllegalArgumentException(String.format(
                        "window dump colour mask 0x%x is not 1 to 8 contiguous bits", mask));
            }
        }

        int value(long pixel) {
            int raw = (int) ((pixel & mask) >>> shift);
            int max = (1 << bits) - 1;
            return (raw * 255 + max / 2) / max;
        }
    }
}
