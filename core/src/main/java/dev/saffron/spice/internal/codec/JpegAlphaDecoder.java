package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Decodes SPICE JPEG_ALPHA images: a JPEG for the colour followed by a separately coded alpha plane,
 * combined into premultiplied-alpha pixels as spice-common's canvas combines them. The colour is taken as
 * sent: the server compressed colour that was already premultiplied, and lossy coding may leave a channel
 * above its alpha, which is kept too.
 *
 * <p>The JPEG is always top row first; only the alpha plane's row order follows the TOP_DOWN flag.
 *
 * <p>Not thread-safe, like the decoders it uses.
 */
public final class JpegAlphaDecoder {
    private final JpegDecoder jpeg;
    private final AlphaPlaneDecoder alpha;

    /**
     * @param jpeg  decodes the colour part
     * @param alpha decodes the alpha part
     */
    public JpegAlphaDecoder(JpegDecoder jpeg, AlphaPlaneDecoder alpha) {
        this.jpeg = Objects.requireNonNull(jpeg, "jpeg");
        this.alpha = Objects.requireNonNull(alpha, "alpha");
    }

    /**
     * @param data     the image's data: {@code jpegSize} bytes of JPEG, then the alpha stream; not retained
     * @param jpegSize the body's jpeg_size field, unsigned
     * @param topDown  whether the body's flags have TOP_DOWN
     * @param dst      where the pixels go: the image descriptor's size, with alpha
     * @throws ImageDecodeException     if the JPEG size does not leave room for an alpha stream, or either
     *                                  part is refused by its decoder; {@code dst} may be partly written
     * @throws IllegalArgumentException if {@code dst} has no alpha or is read-only
     */
    public void decode(MemorySegment data, int jpegSize, boolean topDown, PixelBuffer dst)
            throws ImageDecodeException {
        if (!dst.hasAlpha()) {
            throw new IllegalArgumentException("a JPEG_ALPHA image needs a destination with alpha");
        }
        long colorBytes = Integer.toUnsignedLong(jpegSize);
        if (colorBytes == 0 || colorBytes >= data.byteSize()) {
            throw new ImageDecodeException("JPEG_ALPHA jpeg_size " + colorBytes + " leaves no alpha stream in "
                    + data.byteSize() + " bytes");
        }
        jpeg.decode(data.asSlice(0, colorBytes), dst);
        alpha.decodeAlpha(data.asSlice(colorBytes), topDown, dst);
    }
}
