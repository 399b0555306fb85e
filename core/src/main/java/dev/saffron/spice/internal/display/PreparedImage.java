package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.BitmapHeader;
import dev.saffron.spice.internal.codec.GlzHeader;
import dev.saffron.spice.internal.codec.LzHeader;
import dev.saffron.spice.internal.codec.LzImageType;
import dev.saffron.spice.internal.codec.Lz4Header;
import dev.saffron.spice.internal.codec.Palette;
import dev.saffron.spice.internal.codec.QuicHeader;
import dev.saffron.spice.internal.codec.QuicImageType;

import java.lang.foreign.MemorySegment;

/**
 * An image of a display message with everything that must be read in message order already read: its
 * descriptor, its codec header, its palette (the palette cache changes from message to message). What is left
 * is the codec's work on {@link #data()}, which {@link ImageDecoders} can do on any thread, later: that split
 * is what lets {@link DecodeStage} decode on other cores while the channel's reader goes on.
 */
sealed interface PreparedImage {
    /** @return the SpiceImage type, for counters and events */
    int type();

    /** @return the compressed bytes the codec reads */
    MemorySegment data();

    /** @return whether the decoded pixels carry alpha, which the codec header already tells */
    boolean alpha();

    /** @return the same image reading its bytes from {@code copy}, a copy of {@link #data()} */
    PreparedImage withData(MemorySegment copy);

    record Quic(QuicHeader header, MemorySegment data) implements PreparedImage {
        @Override
        public int type() {
            return ImageReader.TYPE_QUIC;
        }

        @Override
        public boolean alpha() {
            return header.type() == QuicImageType.RGBA;
        }

        @Override
        public PreparedImage withData(MemorySegment copy) {
            return new Quic(header, copy);
        }
    }

    /** LZ_RGB, or LZ_PLT with its palette. */
    record Lz(int type, LzHeader header, Palette palette, MemorySegment data) implements PreparedImage {
        @Override
        public boolean alpha() {
            return type == ImageReader.TYPE_LZ_RGB && header.type() == LzImageType.RGBA;
        }

        @Override
        public PreparedImage withData(MemorySegment copy) {
            return new Lz(type, header, palette, copy);
        }
    }

    record Bitmap(BitmapHeader header, Palette palette, boolean highBitsSet, MemorySegment data)
            implements PreparedImage {
        @Override
        public int type() {
            return ImageReader.TYPE_BITMAP;
        }

        @Override
        public boolean alpha() {
            return header.format().hasAlpha();
        }

        @Override
        public PreparedImage withData(MemorySegment copy) {
            return new Bitmap(header, palette, highBitsSet, copy);
        }
    }

    record Jpeg(MemorySegment data) implements PreparedImage {
        @Override
        public int type() {
            return ImageReader.TYPE_JPEG;
        }

        @Override
        public boolean alpha() {
            return false;
        }

        @Override
        public PreparedImage withData(MemorySegment copy) {
            return new Jpeg(copy);
        }
    }

    /** @param jpegSize the bytes of the JPEG part; an LZ alpha plane follows */
    record JpegAlpha(int jpegSize, boolean topDown, MemorySegment data) implements PreparedImage {
        @Override
        public int type() {
            return ImageReader.TYPE_JPEG_ALPHA;
        }

        @Override
        public boolean alpha() {
            return true;
        }

        @Override
        public PreparedImage withData(MemorySegment copy) {
            return new JpegAlpha(jpegSize, topDown, copy);
        }
    }

    /** GLZ_RGB, or ZLIB_GLZ_RGB already inflated into {@code data}. */
    record Glz(int type, GlzHeader header, MemorySegment data) implements PreparedImage {
        @Override
        public boolean alpha() {
            return header.type() == LzImageType.RGBA;
        }

        @Override
        public PreparedImage withData(MemorySegment copy) {
            return new Glz(type, header, copy);
        }
    }

    record Lz4(Lz4Header header, MemorySegment data) implements PreparedImage {
        @Override
        public int type() {
            return ImageReader.TYPE_LZ4;
        }

        @Override
        public boolean alpha() {
            return header.format() == Lz4Header.Format.RGBA;
        }

        @Override
        public PreparedImage withData(MemorySegment copy) {
            return new Lz4(header, copy);
        }
    }
}
