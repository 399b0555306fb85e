package dev.saffron.spice.internal.codec;

import java.util.Objects;

/**
 * The two-byte header of an LZ4 image, with the size that comes from the image descriptor, as read by
 * {@link Lz4Decoder#parseHeader}.
 *
 * @param width   width in pixels, from the image descriptor
 * @param height  height in pixels, from the image descriptor
 * @param topDown whether the first decoded row is the top one (otherwise it is the bottom one)
 * @param format  the layout of the decoded bytes
 */
public record Lz4Header(int width, int height, boolean topDown, Format format) {
    /** The bitmap formats spice-common's LZ4 path accepts, with their SpiceBitmapFmt numbers. */
    public enum Format {
        /** x1r5g5b5, little-endian. */
        RGB16(6, 2),
        /** B, G, R bytes. */
        RGB24(7, 3),
        /** B, G, R, pad bytes. */
        RGB32(8, 4),
        /** B, G, R, A bytes. */
        RGBA(9, 4);

        private final int wireValue;
        private final int bytesPerPixel;

        Format(int wireValue, int bytesPerPixel) {
            this.wireValue = wireValue;
            this.bytesPerPixel = bytesPerPixel;
        }

        /** @return the SpiceBitmapFmt number */
        public int wireValue() {
            return wireValue;
        }

        /** @return bytes per decoded pixel; rows are packed, without padding */
        public int bytesPerPixel() {
            return bytesPerPixel;
        }

        static Format fromWire(int wireValue) {
            for (Format format : values()) {
                if (format.wireValue == wireValue) {
                    return format;
                }
            }
            return null;
        }
    }

    /** @throws IllegalArgumentException if a size is not positive */
    public Lz4Header {
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad LZ4 image size " + width + "x" + height);
        }
    }
}
