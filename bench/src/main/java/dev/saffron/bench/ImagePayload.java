package dev.saffron.bench;

import dev.saffron.spice.internal.codec.BitmapHeader;
import dev.saffron.spice.internal.codec.Palette;

import java.lang.foreign.MemorySegment;

/**
 * One image's compressed bytes and what its codec needs besides them, as a display message carries them:
 * the input of one decode. The bytes live off-heap, where the channel's reader leaves message bodies.
 */
sealed interface ImagePayload {
    /** @return which decoder reads it */
    Codec codec();

    /** @return width in pixels */
    int width();

    /** @return height in pixels */
    int height();

    /** @return pixels the decode produces */
    default long pixels() {
        return (long) width() * height();
    }

    /** @return compressed bytes */
    long bytes();

    /** A QUIC stream. */
    record Quic(int width, int height, MemorySegment data) implements ImagePayload {
        @Override
        public Codec codec() {
            return Codec.QUIC;
        }

        @Override
        public long bytes() {
            return data.byteSize();
        }
    }

    /** An LZ stream: RGB, or palette indices with their palette. */
    record Lz(int width, int height, MemorySegment data, Palette palette) implements ImagePayload {
        @Override
        public Codec codec() {
            return Codec.LZ;
        }

        @Override
        public long bytes() {
            return data.byteSize();
        }
    }

    /** A GLZ stream, or when {@code inflatedSize} is positive a zlib stream holding one of that size. */
    record Glz(int width, int height, MemorySegment data, long inflatedSize) implements ImagePayload {
        @Override
        public Codec codec() {
            return Codec.GLZ;
        }

        @Override
        public long bytes() {
            return data.byteSize();
        }
    }

    /** An LZ4 payload: its two-byte header and blocks. */
    record Lz4(int width, int height, MemorySegment data) implements ImagePayload {
        @Override
        public Codec codec() {
            return Codec.LZ4;
        }

        @Override
        public long bytes() {
            return data.byteSize();
        }
    }

    /** Uncompressed rows, with the palette when the format has one. */
    record Bitmap(BitmapHeader header, Palette palette, MemorySegment data, boolean highBitsSet)
            implements ImagePayload {
        @Override
        public Codec codec() {
            return Codec.BITMAP;
        }

        @Override
        public int width() {
            return header.width();
        }

        @Override
        public int height() {
            return header.height();
        }

        @Override
        public long bytes() {
            return data.byteSize();
        }
    }

    /** A JPEG image or MJPEG video frame. */
    record Jpeg(int width, int height, MemorySegment data) implements ImagePayload {
        @Override
        public Codec codec() {
            return Codec.JPEG;
        }

        @Override
        public long bytes() {
            return data.byteSize();
        }
    }
}
