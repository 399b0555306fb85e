package dev.saffron.viewer.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an {@link OpaqueImage} as an 8-bit RGB PNG. Built for screenshots: one filter for every row and the
 * fastest deflate level by default.
 *
 * <p>Why those defaults, measured on desktop screenshots (1988x1362, 3013x1561, 608x275) and a photo
 * (720x477): at level 1, no filter was the fastest (60 to 95 Mpixel/s) and also the smallest on every
 * screenshot, where sub, up and paeth made files 10 to 25% larger because flat UI compresses best as
 * repeated raw pixels; paeth ran at half the speed. Only on the photo did filtering pay (paeth 21% smaller
 * at the same speed). Level 6 made screenshots 12 to 30% smaller at half the speed or less.
 *
 * <p>Immutable and thread-safe; each write uses its own compressor.
 */
public final class PngWriter {
    /** The deflate level used unless another is given: {@link Deflater#BEST_SPEED}. */
    public static final int DEFAULT_LEVEL = Deflater.BEST_SPEED;
    /** The filter used unless another is given. */
    public static final Filter DEFAULT_FILTER = Filter.NONE;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int COLOR_TYPE_RGB = 2;
    private static final int BYTES_PER_PIXEL = 3;

    /** The PNG row filters: how each byte is predicted from its neighbours before compression. */
    public enum Filter {
        /** Bytes as they are. */
        NONE(0),
        /** Difference from the same channel of the pixel to the left. */
        SUB(1),
        /** Difference from the same channel of the pixel above. */
        UP(2),
        /** Difference from the left, above or upper-left neighbour, whichever the Paeth predictor picks. */
        PAETH(4);

        private final int code;

        Filter(int code) {
            this.code = code;
        }
    }

    private final int level;
    private final Filter filter;

    /** A writer with {@link #DEFAULT_LEVEL} and {@link #DEFAULT_FILTER}. */
    public PngWriter() {
        this(DEFAULT_LEVEL, DEFAULT_FILTER);
    }

    /**
     * @param level  the deflate level, 0 (store) to 9 (smallest)
     * @param filter the filter every row gets
     * @throws IllegalArgumentException if the level is out of range
     */
    public PngWriter(int level, Filter filter) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0..9: " + level);
        }
        this.level = level;
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /**
     * Writes the image to a file, replacing it.
     *
     * @throws IllegalArgumentException if the image is empty
     * @throws IOException              if the file cannot be written
     */
    public void write(OpaqueImage image, Path file) throws IOException {
        checkNotEmpty(image);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), CHUNK_BYTES)) {
            write(image, out);
        }
    }

    /**
     * Writes the image to a stream, which is left open.
     *
     * @throws IllegalArgumentException if the image is empty
     * @throws IOException              if the stream fails
     */
    public void write(OpaqueImage image, OutputStream out) throws IOException {
        checkNotEmpty(image);
        out.write(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, image.width());
        putInt(header, 4, image.height());
        header[8] = 8;
        header[9] = COLOR_TYPE_RGB;
        writeChunk(out, "IHDR", header, header.length);
        writeImageData(image, out);
        writeChunk(out, "IEND", header, 0);
    }

    private static void checkNotEmpty(OpaqueImage image) {
        if (image.width() == 0 || image.height() == 0) {
            throw new IllegalArgumentException("a PNG cannot be empty: " + image.width() + "x" + image.height());
        }
    }

    private void writeImageData(OpaqueImage image, OutputStream out) throws IOException {
        int width = image.width();
        int rowBytes = width * BYTES_PER_PIXEL;
        byte[] above = new byte[rowBytes];
        byte[] current = new byte[rowBytes];
        byte[] filtered = new byte[rowBytes + 1];
        filtered[0] = (byte) filter.code;
        byte[] chunk = new byte[CHUNK_BYTES];
        int chunkUsed = 0;
        Deflater deflater = new Deflater(level);
        try {
            for (int y = 0; y < image.height(); y++) {
                toRgb(image.pixels(), y * width, width, current);
                filterRow(current, above, filtered);
                deflater.setInput(filtered);
                while (!deflater.needsInput()) {
                    chunkUsed = deflateInto(deflater, chunk, chunkUsed, out);
                }
                byte[] swap = above;
                above = current;
                current = swap;
            }
            deflater.finish();
            while (!deflater.finished()) {
                chunkUsed = deflateInto(deflater, chunk, chunkUsed, out);
            }
            if (chunkUsed > 0) {
                writeChunk(out, "IDAT", chunk, chunkUsed);
            }
        } finally {
            deflater.end();
        }
    }

    /** Deflates into the free end of {@code chunk}, writing it out as an IDAT chunk once full. */
    private static int deflateInto(Deflater deflater, byte[] chunk, int used, OutputStream out) throws IOException {
        int filled = used + deflater.deflate(chunk, used, chunk.length - used);
        if (filled == chunk.length) {
            writeChunk(out, "IDAT", chunk, filled);
            return 0;
        }
        return filled;
    }

    private static void toRgb(int[] pixels, int from, int count, byte[] row) {
        for (int x = 0, i = 0; x < count; x++, i += 3) {
            int p = pixels[from + x];
            row[i] = (byte) (p >>> 16);
            row[i + 1] = (byte) (p >>> 8);
            row[i + 2] = (byte) p;
        }
    }

    private void filterRow(byte[] row, byte[] above, byte[] out) {
        int length = row.length;
        switch (filter) {
            case NONE -> System.arraycopy(row, 0, out, 1, length);
            case SUB -> {
                System.arraycopy(row, 0, out, 1, BYTES_PER_PIXEL);
                for (int i = BYTES_PER_PIXEL; i < length; i++) {
                    out[i + 1] = (byte) (row[i] - row[i - BYTES_PER_PIXEL]);
                }
            }
            case UP -> {
                for (int i = 0; i < length; i++) {
                    out[i + 1] = (byte) (row[i] - above[i]);
                }
            }
            case PAETH -> {
                for (int i = 0; i < BYTES_PER_PIXEL; i++) {
                    out[i + 1] = (byte) (row[i] - above[i]);
                }
                for (int i = BYTES_PER_PIXEL; i < length; i++) {
                    int left = row[i - BYTES_PER_PIXEL] & 0xFF;
                    int up = above[i] & 0xFF;
                    int upLeft = above[i - BYTES_PER_PIXEL] & 0xFF;
                    out[i + 1] = (byte) (row[i] - paeth(left, up, upLeft));
                }
            }
        }
    }

    private static int paeth(int left, int up, int upLeft) {
        int estimate = left + up - upLeft;
        int toLeft = Math.abs(estimate - left);
        int toUp = Math.abs(estimate - up);
        int toUpLeft = Math.abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft) {
            return left;
        }
        return toUp <= toUpLeft ? up : upLeft;
    }

    private static void writeChunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] prefix = new byte[8];
        putInt(prefix, 0, length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(typeBytes, 0, prefix, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        byte[] suffix = new byte[4];
        putInt(suffix, 0, (int) crc.getValue());
        out.write(prefix);
        out.write(data, 0, length);
        out.write(suffix);
    }

    private static void putInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
