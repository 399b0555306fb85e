package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.internal.display.PixelBuffer;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * JPEG_ALPHA images from a hostile server: any input either decodes inside its image or fails with
 * {@link ImageDecodeException}, whatever ImageIO makes of the JPEG part. Seeds are written by
 * {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JpegAlphaDecoderFuzzTest {
    /** The destination when the JPEG part is refused, so JPEG_ALPHA's own checks still run. */
    private static final int FALLBACK_SIZE = 8;

    private final JpegDecoder jpeg = new JpegDecoder(FuzzDestination.LIMITS.maxPixels());
    private final LzDecoder lz = new LzDecoder(FuzzDestination.LIMITS);
    private final JpegAlphaDecoder jpegAlpha = new JpegAlphaDecoder(jpeg, this::decodeAlphaPlane);

    /**
     * @param input a flags byte (bit 0: TOP_DOWN), the jpeg_size field as a big-endian u16, then the image
     *              data: the JPEG and the LZ alpha stream
     */
    @FuzzTest
    void decode(byte[] input) {
        if (input.length < 3) {
            return;
        }
        boolean topDown = (input[0] & 1) != 0;
        int jpegSize = Short.toUnsignedInt(ByteBuffer.wrap(input).getShort(1));
        MemorySegment data = MemorySegment.ofArray(input).asSlice(3);
        int width = FALLBACK_SIZE;
        int height = FALLBACK_SIZE;
        try {
            JpegHeader header = jpeg.readHeader(data.asSlice(0, Math.min(jpegSize, data.byteSize())));
            width = header.width();
            height = header.height();
        } catch (ImageDecodeException e) {
            // The decoder below refuses it too; the fallback size keeps it going that far.
        }
        FuzzDestination dst = FuzzDestination.of(width, height);
        try {
            jpegAlpha.decode(data, jpegSize, topDown, dst.pixels(true));
        } catch (ImageDecodeException e) {
            // Refused: the channel logs it and skips the draw.
        }
        dst.assertMarginsUntouched();
    }

    /** The alpha plane as the display channel's image reader decodes it: an XXXA stream of the JPEG's size. */
    private void decodeAlphaPlane(MemorySegment stream, boolean topDown, PixelBuffer dst) throws ImageDecodeException {
        LzHeader header = lz.parseHeader(stream);
        if (header.width() != dst.width() || header.height() != dst.height() || header.type() != LzImageType.XXXA
                || header.topDown() != topDown) {
            throw new ImageDecodeException("alpha stream does not fit the JPEG");
        }
        lz.decodeAlpha(header, stream, dst.segment(), dst.offset(), dst.stride());
    }
}
