package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardType;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Clipboard images from one of the agent's formats to another, through the JDK's image readers and writers:
 * what one side offers and the other asks for may differ (a guest copies PNG, a host program wants BMP). The
 * bytes come from the guest or from another program, so a picture's size is checked before it is decoded,
 * and a malformed one is an {@link IOException}, whatever the reader throws.
 */
final class ClipboardImages {
    /** The most pixels decoded: 40 million, 160 MB as 32-bit pixels, more than an 8K screen. */
    static final long MAX_PIXELS = 40_000_000L;
    /** BMP's compression field: the pixels are a whole JPEG or PNG file (printers' formats, never a screen's). */
    private static final int BMP_EMBEDDED_JPEG = 4;
    private static final int BMP_EMBEDDED_PNG = 5;
    /** Bytes per pixel assumed when a reader cannot say: 16-bit RGBA, the widest a PNG has. */
    private static final int WIDEST_PIXEL_BYTES = 8;
    /** Bytes per pixel of the 32-bit copy an encoder makes of the decoded picture. */
    private static final int ENCODED_COPY_BYTES = 4;

    private ClipboardImages() {
    }

    /** @return the MIME type of an image type, or null for text */
    static String mimeType(ClipboardType type) {
        return switch (type) {
            case IMAGE_PNG -> "image/png";
            case IMAGE_BMP -> "image/bmp";
            case IMAGE_TIFF -> "image/tiff";
            case IMAGE_JPG -> "image/jpeg";
            case UTF8_TEXT -> null;
        };
    }

    /** @return the image in {@code to}'s format; the same bytes when the formats are the same */
    static byte[] convert(byte[] data, ClipboardType from, ClipboardType to) throws IOException {
        if (from == to) {
            return data;
        }
        return encode(decode(data, from, heapAvailable()), to);
    }

    /**
     * @throws IOException if the bytes are no image of that type, or one larger than {@link #MAX_PIXELS}, or a
     *                     TIFF: the JDK's TIFF reader allocates what a file's tags ask for before any size can be
     *                     checked (a fuzzed 220-byte TIFF of 8x6 pixels ran it out of a 460 MB heap), so TIFF from
     *                     the other side passes on only unconverted, to a program that asks for TIFF; or a BMP
     *                     holding a JPEG or PNG: the JDK's BMP reader allocates the size its header claims for
     *                     the embedded file, unchecked (a fuzzed 220-byte BMP asked for 2.7 GB); or an image whose
     *                     pixels, with the copy an encoder makes of them, do not fit in the heap left
     */
    static BufferedImage decode(byte[] data, ClipboardType type) throws IOException {
        return decode(data, type, heapAvailable());
    }

    /** {@link #decode(byte[], ClipboardType)} with {@code memory} bytes for the pixels and their encoder's copy */
    static BufferedImage decode(byte[] data, ClipboardType type, long memory) throws IOException {
        String mime = mimeType(type);
        if (mime == null) {
            throw new IOException("not an image type: " + type);
        }
        if (type == ClipboardType.IMAGE_TIFF) {
            throw new IOException("TIFF images are passed on unchanged, not converted");
        }
        if (type == ClipboardType.IMAGE_BMP && embedsAnotherFormat(data)) {
            throw new IOException("a BMP holding a JPEG or PNG is passed on unchanged, not converted");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mime);
        if (!readers.hasNext()) {
            throw new IOException("no reader for " + mime);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width <= 0 || height <= 0 || width * height > MAX_PIXELS) {
                throw new IOException("a " + width + "x" + height + " image is outside 1 to " + MAX_PIXELS
                        + " pixels");
            }
            long needed = width * height * (pixelBytes(reader) + ENCODED_COPY_BYTES);
            if (needed > memory) {
                throw new IOException("a " + width + "x" + height + " image needs " + (needed >> 20)
                        + " MiB to convert, more than the " + (memory >> 20) + " MiB of memory left");
            }
            return reader.read(0);
        } catch (RuntimeException e) {
            // The JDK's readers throw what they like on malformed input.
            throw new IOException("malformed " + mime + ": " + e, e);
        } finally {
            reader.dispose();
        }
    }

    /** @return whether a BMP's header says its pixels are a JPEG or PNG file; false for BMPs without that field */
    private static boolean embedsAnotherFormat(byte[] bmp) {
        // The file header is 14 bytes; the info header's own size comes first, and only the 40-byte and longer
        // info headers have the compression field, 16 bytes into them.
        int infoHeader = 14;
        int compressionAt = infoHeader + 16;
        if (bmp.length < compressionAt + 4 || littleEndianInt(bmp, infoHeader) < 40) {
            return false;
        }
        int compression = littleEndianInt(bmp, compressionAt);
        return compression == BMP_EMBEDDED_JPEG || compression == BMP_EMBEDDED_PNG;
    }

    private static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }

    /** @return the bytes per pixel of the reader's decoded picture, the widest possible when it cannot say */
    private static int pixelBytes(ImageReader reader) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw == null) {
            return WIDEST_PIXEL_BYTES;
        }
        int bits = 0;
        for (int size : raw.getSampleModel().getSampleSize()) {
            bits += size;
        }
        return Math.max(1, (bits + 7) / 8);
    }

    private static long heapAvailable() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** @return the image encoded in {@code type}'s format */
    static byte[] encode(BufferedImage image, ClipboardType type) throws IOException {
        String format = switch (type) {
            case IMAGE_PNG -> "png";
            case IMAGE_BMP -> "bmp";
            case IMAGE_TIFF -> "tiff";
            case IMAGE_JPG -> "jpeg";
            case UTF8_TEXT -> throw new IOException("not an image type: " + type);
        };
        BufferedImage encodable = image;
        if ((type == ClipboardType.IMAGE_BMP || type == ClipboardType.IMAGE_JPG)
                && (image.getColorModel().hasAlpha() || image.getType() == BufferedImage.TYPE_CUSTOM)) {
            encodable = overWhite(image);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(encodable, format, out)) {
            throw new IOException("no " + format + " writer for this image");
        }
        return out.toByteArray();
    }

    /**
     * Neither the BMP nor the JPEG writer takes an alpha channel: transparent parts become white, as on paper.
     * Composited by hand, row by row: {@code createGraphics} would start the JDK's graphics environment, which
     * opens a display connection of its own next to GLFW's.
     */
    private static BufferedImage overWhite(BufferedImage image) {
        int width = image.getWidth();
        BufferedImage opaque = new BufferedImage(width, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int alpha = argb >>> 24;
                int red = ((argb >> 16) & 0xFF) * alpha / 255 + 255 - alpha;
                int green = ((argb >> 8) & 0xFF) * alpha / 255 + 255 - alpha;
                int blue = (argb & 0xFF) * alpha / 255 + 255 - alpha;
                row[x] = red << 16 | green << 8 | blue;
            }
            opaque.setRGB(0, y, width, 1, row, 0, width);
        }
        return opaque;
    }
}
