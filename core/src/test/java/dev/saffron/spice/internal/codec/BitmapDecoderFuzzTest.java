package dev.saffron.spice.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * BITMAP images and their palettes from a hostile server: any input either decodes inside its image or fails
 * with {@link ImageDecodeException}. Seeds are written by {@link FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BitmapDecoderFuzzTest {
    /** Bytes before the message: format, flags, width, height, u16 stride, high-bits flag, palette offset. */
    static final int PREFIX = 8;

    private final BitmapDecoder decoder = new BitmapDecoder(FuzzDestination.LIMITS.maxPixels());

    /**
     * @param input the bitmap fields ({@link #PREFIX} bytes, stride little-endian), then a message that holds
     *              the palette at the given offset and the pixel data from its start
     */
    @FuzzTest
    void decode(byte[] input) {
        if (input.length < PREFIX) {
            return;
        }
        ByteBuffer fields = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        int width = input[2] & 0xFF;
        int height = input[3] & 0xFF;
        MemorySegment message = MemorySegment.ofArray(input).asSlice(PREFIX);
        FuzzDestination dst = FuzzDestination.of(width, height);
        try {
            BitmapHeader header = BitmapHeader.fromWire(input[0] & 0xFF, input[1] & 0xFF, width, height,
                    Short.toUnsignedInt(fields.getShort(4)));
            Palette palette = header.format().usesPalette() ? Palette.read(message, input[7] & 0xFF) : null;
            decoder.decode(header, palette, message, input[6] != 0, dst.pixels(false));
        } catch (ImageDecodeException e) {
            // Refused: the channel logs it and skips the draw.
        }
        dst.assertMarginsUntouched();
    }
}
