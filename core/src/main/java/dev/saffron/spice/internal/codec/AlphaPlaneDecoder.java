package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.lang.foreign.MemorySegment;

/**
 * Decodes the alpha stream of a JPEG_ALPHA image (an LZ stream of type XXXA) into an image whose colour is
 * already there.
 */
@FunctionalInterface
public interface AlphaPlaneDecoder {
    /**
     * Writes one alpha value into the top byte of every pixel of {@code dst}, leaving the low 24 bits as
     * they are. The stream must describe an image of exactly {@code dst}'s size whose row order agrees
     * with {@code topDown}; when {@code topDown} is false its first row is the bottom row of {@code dst}.
     *
     * @param stream  the bytes after the JPEG part, exactly; not retained
     * @param topDown the JPEG_ALPHA TOP_DOWN flag
     * @param dst     the image to complete
     * @throws ImageDecodeException if the stream is malformed, truncated, of another kind, of another size,
     *                              or in the other row order
     */
    void decodeAlpha(MemorySegment stream, boolean topDown, PixelBuffer dst) throws ImageDecodeException;
}
