package dev.saffron.spice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * An RGB image read from a binary PPM file (magic {@code P6}, maxval 255), the format both QEMU's
 * {@code screendump} and {@code spicy-screenshot} write. Pixels are opaque ARGB ints, row by row.
 * Immutable.
 */
public final class PpmImage {
    /** The largest width or height accepted; SPICE surfaces are far smaller. */
    public static final int MAX_DIMENSION = 8192;
    /** The largest file {@link #read} accepts: a maximal image plus a generous header. */
    private static final long MAX_FILE_BYTES = 3L * MAX_DIMENSION * MAX_DIMENSION + 4096;

    private final int width;
    private final int height;
    private final int[] argb;

    private PpmImage(int width, int height, int[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    /**
     * @param file a PPM file
     * @return its image
     * @throws PpmFormatException if the file is not a valid P6 image with maxval 255
     * @throws IOException        if it cannot be read
     */
    public static PpmImage read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new PpmFormatException(file + " has " + size + " bytes, more than any accepted image");
        }
        return parse(Files.readAllBytes(file));
    }

    /**
     * @param data the bytes of a PPM file
     * @return its image
     * @throws PpmFormatException if the bytes are not exactly one valid P6 image with maxval 255
     */
    public static PpmImage parse(byte[] data) throws PpmFormatException {
        return new Parser(data).image();
    }

    /**
     * @param width  width in pixels, 1 to {@link #MAX_DIMENSION}
     * @param height height in pixels, 1 to {@link #MAX_DIMENSION}
     * @param rgb    pixels as {@code 0x??RRGGBB}, row after row; the alpha byte is set opaque in a copy
     * @return the image, for pictures read from other formats (an X window dump)
     * @throws IllegalArgumentException if the sizes are out of range or do not match the pixels
     */
    public static PpmImage of(int width, int height, int[] rgb) {
        if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION
                || rgb.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " does not fit " + rgb.length + " pixels");
        }
        int[] opaque = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            opaque[i] = 0xFF000000 | rgb[i];
        }
        return new PpmImage(width, height, opaque);
    }

    /** @return width in pixels, at least 1 */
    public int width() {
        return width;
    }

    /** @return height in pixels, at least 1 */
    public int height() {
        return height;
    }

    /**
     * @param x column, 0 at the left
     * @param y row, 0 at the top
     * @return the pixel as {@code 0xFFRRGGBB}
     * @throws IndexOutOfBoundsException if the point is outside the image
     */
    public int argb(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        return argb[y * width + x];
    }

    /** @return a copy of all pixels as {@code 0xFFRRGGBB}, row by row */
    public int[] pixels() {
        return argb.clone();
    }

    /**
     * Compares with pixels from elsewhere (Saffron's surface, a decoded PNG), ignoring the alpha byte.
     *
     * @param otherArgb  pixels as {@code 0x??RRGGBB}, row after row
     * @param otherWidth their width
     * @return how many pixels differ in colour
     * @throws IllegalArgumentException if the sizes differ
     */
    public int differingPixels(int[] otherArgb, int otherWidth) {
        if (otherWidth != width || otherArgb.length != argb.length) {
            throw new IllegalArgumentException("cannot compare " + this + " with a " + otherWidth + "-pixel-wide image of "
                    + otherArgb.length + " pixels");
        }
        int count = 0;
        for (int i = 0; i < argb.length; i++) {
            if ((argb[i] & 0xFFFFFF) != (otherArgb[i] & 0xFFFFFF)) {
                count++;
            }
        }
        return count;
    }

    /**
     * @param otherArgb  pixels as {@code 0x??RRGGBB}, row after row, of this image's size
     * @param otherWidth their width
     * @return where the first pixel differing in colour is and both colours, or "none", for assertion messages
     */
    public String firstDifference(int[] otherArgb, int otherWidth) {
        differingPixels(otherArgb, otherWidth);
        for (int i = 0; i < argb.length; i++) {
            if ((argb[i] & 0xFFFFFF) != (otherArgb[i] & 0xFFFFFF)) {
                return String.format("first at (%d, %d): here %06x, there %06x", i % width, i / width,
                        argb[i] & 0xFFFFFF, otherArgb[i] & 0xFFFFFF);
            }
        }
        return "none";
    }

    /**
     * @param other an image of the same size
     * @return how many pixels differ
     * @throws IllegalArgumentException if the sizes differ
     */
    public int differingPixels(PpmImage other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("cannot compare " + this + " with " + other);
        }
        int count = 0;
        for (int i = 0; i < argb.length; i++) {
            if (argb[i] != other.argb[i]) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PpmImage other
                && other.width == width && other.height == height && Arrays.equals(other.argb, argb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(argb);
    }

    @Override
    public String toString() {
        return "PpmImage[" + width + "x" + height + "]";
    }

    /** Reads the header token by token; every read is checked against the end of the data. */
    private static final class Parser {
        private final byte[] data;
        private int position;

        Parser(byte[] data) {
            this.data = Objects.requireNonNull(data, "data");
        }

        PpmImage image() throws PpmFormatException {
            if (data.length < 2 || data[0] != 'P' || data[1] != '6') {
                throw new PpmFormatException("not a binary PPM: the file does not start with P6");
            }
            position = 2;
            int width = number("width", MAX_DIMENSION);
            int height = number("height", MAX_DIMENSION);
            int maxValue = number("maxval", 65_535);
            if (maxValue != 255) {
                throw new PpmFormatException("unsupported maxval " + maxValue + ", only 255 is read");
            }
            if (position >= data.length || !isWhitespace(data[position])) {
                throw new PpmFormatException("no whitespace between the header and the pixels");
            }
            position++;
            long expected = 3L * width * height;
            long remaining = data.length - position;
            if (remaining < expected) {
                throw new PpmFormatException("truncated: " + width + "x" + height + " needs " + expected
                        + " pixel bytes, only " + remaining + " follow the header");
            }
            if (remaining > expected) {
                throw new PpmFormatException((remaining - expected) + " unexpected bytes after the pixels");
            }
            int[] argb = new int[width * height];
            for (int i = 0; i < argb.length; i++, position += 3) {
                argb[i] = 0xFF000000 | (data[position] & 0xFF) << 16 | (data[position + 1] & 0xFF) << 8
                        | (data[position + 2] & 0xFF);
            }
            return new PpmImage(width, height, argb);
        }

        /** Skips whitespace and comments, then reads a decimal in 1..max. */
        private int number(String name, int max) throws PpmFormatException {
            int start = position;
            skipWhitespaceAndComments();
            if (position == start) {
                throw new PpmFormatException("expected whitespace before the " + name + " at byte " + position);
            }
            if (position >= data.length || !isDigit(data[position])) {
                throw new PpmFormatException("expected the " + name + " at byte " + position);
            }
            long value = 0;
            while (position < data.length && isDigit(data[position])) {
                value = value * 10 + (data[position] - '0');
                if (value > max) {
                    throw new PpmFormatException(name + " is larger than " + max);
                }
                position++;
            }
            if (value == 0) {
                throw new PpmFormatException(name + " is 0");
            }
            return (int) value;
        }

        private void skipWhitespaceAndComments() {
            while (position < data.length) {
                byte b = data[position];
                if (b == '#') {
                    while (position < data.length && data[position] != '\n' && data[position] != '\r') {
                        position++;
                    }
                } else if (isWhitespace(b)) {
                    position++;
                } else {
                    return;
                }
            }
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }

        private static boolean isWhitespace(byte b) {
            return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
        }
    }
}
