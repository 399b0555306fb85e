package dev.saffron.spice.spi;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Decodes one JPEG at a time into 32-bit pixels: each pixel is the bytes blue, green, red and a fourth byte
 * with no meaning (pixman's x8r8g8b8 on a little-endian machine), rows top first. Core checks the JPEG's
 * headers and size against its limits before it calls this. Its owner closes it. Not thread-safe.
 */
public interface JpegDecompressor extends AutoCloseable {
    /** How closely to decode. */
    enum Quality {
        /** Accurate integer inverse DCT and smooth chroma upsampling: libjpeg's defaults, as for JPEG images. */
        ACCURATE,
        /** Fast integer inverse DCT and chroma upsampling by repetition: spice-gtk's MJPEG frames. */
        FAST
    }

    /**
     * @param jpeg    the JPEG, exactly; not retained
     * @param pixels  where pixel (0, 0) starts; holds {@code height} rows of {@code stride} bytes, the last
     *                row at least {@code 4 * width} bytes
     * @param width   the JPEG's width
     * @param height  the JPEG's height
     * @param stride  bytes from one row to the next
     * @param quality how closely to decode
     * @throws IOException              if the data is corrupt or truncated; {@code pixels} may be partly written
     * @throws IllegalArgumentException if {@code pixels} is too small, read-only, or not native memory
     */
    void decompress(MemorySegment jpeg, MemorySegment pixels, int width, int height, int stride, Quality quality)
            throws IOException;

    /** Frees the native decoder; later calls fail. Idempotent. */
    @Override
    void close();
}
