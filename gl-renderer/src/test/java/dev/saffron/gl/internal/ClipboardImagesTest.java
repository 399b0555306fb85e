package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardType;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clipboard images from hand-made bytes: sizes checked before decoding, malformed ones typed, conversions. */
class ClipboardImagesTest {
    @Test
    void aPngHeaderClaimingTooManyPixelsIsRefusedBeforeDecoding() {
        IOException refused = assertThrows(IOException.class,
                () -> ClipboardImages.decode(pngHeader(100_000, 100_000), ClipboardType.IMAGE_PNG));
        assertTrue(refused.getMessage().contains("100000x100000"), refused.getMessage());
    }

    @Test
    void aBmpHoldingAPngIsRefusedBeforeItsClaimedSizeIsAllocated() throws IOException {
        // A BMP info header saying "the pixels are a PNG file of 2 GB", followed by a small valid PNG.
        byte[] png = ClipboardImages.encode(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB),
                ClipboardType.IMAGE_PNG);
        ByteBuffer bmp = ByteBuffer.allocate(54 + png.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54 + png.length).putInt(0).putInt(54)
                .putInt(40).putInt(2).putInt(2).putShort((short) 1).putShort((short) 0).putInt(5)
                .putInt(0x7FFF_0000).putInt(0).putInt(0).putInt(0).putInt(0).put(png);
        IOException refused = assertThrows(IOException.class,
                () -> ClipboardImages.decode(bmp.array(), ClipboardType.IMAGE_BMP));
        assertTrue(refused.getMessage().contains("PNG"), refused.getMessage());
    }

    @Test
    void anImageWhosePixelsDoNotFitInTheMemoryLeftIsRefusedByItsPixelWidth() {
        long memory = 100L << 20;
        // 9 million pixels: as 16-bit RGBA, 8 bytes each and the encoder's 4-byte copy, 108 MB, more than 100 MiB.
        IOException wide = assertThrows(IOException.class,
                () -> ClipboardImages.decode(pngHeader(3_000, 3_000, 16, 6), ClipboardType.IMAGE_PNG, memory));
        assertTrue(wide.getMessage().contains("MiB of memory left"), wide.getMessage());
        // As 8-bit RGB, 7 bytes a pixel: it fits, and only the missing pixel data refuses it.
        IOException narrow = assertThrows(IOException.class,
                () -> ClipboardImages.decode(pngHeader(3_000, 3_000, 8, 2), ClipboardType.IMAGE_PNG, memory));
        assertFalse(narrow.getMessage().contains("MiB of memory left"), narrow.getMessage());
    }

    @Test
    void malformedBytesInEveryFormatAreAnIoException() {
        byte[][] inputs = {new byte[0], {(byte) 0x89, 'P', 'N', 'G'}, {'B', 'M', 1, 2, 3}, {'I', 'I', 42, 0, 8, 0},
            {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, pngHeader(2, 2)};
        for (ClipboardType type : List.of(ClipboardType.IMAGE_PNG, ClipboardType.IMAGE_BMP, ClipboardType.IMAGE_TIFF,
                ClipboardType.IMAGE_JPG)) {
            for (byte[] input : inputs) {
                assertThrows(IOException.class, () -> ClipboardImages.decode(input, type), type + " " + input.length);
            }
        }
        assertThrows(IOException.class, () -> ClipboardImages.decode(new byte[] {1}, ClipboardType.UTF8_TEXT));
    }

    @Test
    void theSameFormatIsPassedOnAndOthersAreReencodedLosslessly() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xABCDEF);
        image.setRGB(2, 1, 0x123456);
        byte[] png = ClipboardImages.encode(image, ClipboardType.IMAGE_PNG);
        assertSame(png, ClipboardImages.convert(png, ClipboardType.IMAGE_PNG, ClipboardType.IMAGE_PNG));
        for (ClipboardType type : List.of(ClipboardType.IMAGE_BMP, ClipboardType.IMAGE_TIFF)) {
            // Read back with ImageIO: these bytes are this test's own, and decode refuses TIFF from the other side.
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(
                    ClipboardImages.convert(png, ClipboardType.IMAGE_PNG, type)));
            assertEquals(0xFFABCDEF, back.getRGB(0, 0), type.toString());
            assertEquals(0xFF123456, back.getRGB(2, 1), type.toString());
        }
    }

    @Test
    void transparencyBecomesWhiteWhereTheFormatHasNoAlpha() throws IOException {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x00000000);
        image.setRGB(1, 0, 0xFF000080);
        BufferedImage bmp = ClipboardImages.decode(ClipboardImages.encode(image, ClipboardType.IMAGE_BMP),
                ClipboardType.IMAGE_BMP);
        assertEquals(0xFFFFFFFF, bmp.getRGB(0, 0));
        assertEquals(0xFF000080, bmp.getRGB(1, 0));
        BufferedImage jpeg = ClipboardImages.decode(ClipboardImages.encode(image, ClipboardType.IMAGE_JPG),
                ClipboardType.IMAGE_JPG);
        assertEquals(2, jpeg.getWidth());
    }

    /** A PNG signature and an IHDR chunk for 8-bit RGB of this size, with its CRC, and nothing after. */
    static byte[] pngHeader(int width, int height) {
        return pngHeader(width, height, 8, 2);
    }

    /** A PNG signature and an IHDR chunk of this size, sample depth and color type, and nothing after. */
    static byte[] pngHeader(int width, int height, int bitDepth, int colorType) {
        ByteBuffer chunk = ByteBuffer.allocate(17).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(chunk.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(chunk.array()).putInt((int) crc.getValue()).array();
    }
}
