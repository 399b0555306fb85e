package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JpegTablesTest {
    /** A full JPEG of a small gradient, written by ImageIO. */
    private static byte[] jpeg(int shade) throws Exception {
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, ((x * 15 + shade) & 0xFF) << 16 | (y * 30) << 8 | shade);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** The same JPEG with its DQT and DHT segments cut out, as spice-server sends later frames. */
    private static byte[] abbreviate(byte[] full) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(full, 0, 2);
        int at = 2;
        while (true) {
            int marker = full[at + 1] & 0xFF;
            if (marker == 0xDA) {
                out.write(full, at, full.length - at);
                return out.toByteArray();
            }
            int length = ((full[at + 2] & 0xFF) << 8) | (full[at + 3] & 0xFF);
            if (marker != 0xDB && marker != 0xC4) {
                out.write(full, at, 2 + length);
            }
            at += 2 + length;
        }
    }

    private static int[] decode(byte[] jpeg) throws Exception {
        JpegDecoder decoder = new JpegDecoder(1 << 20);
        PixelBuffer target = PixelBuffer.allocateHeap(16, 8, false);
        decoder.decode(MemorySegment.ofArray(jpeg), target);
        return target.segment().toArray(PixelBuffer.PIXEL);
    }

    @Test
    void abbreviatedFramesDecodeWithTheTablesOfAnEarlierFrame() throws Exception {
        byte[] first = jpeg(10);
        byte[] later = jpeg(200);
        byte[] abbreviated = abbreviate(later);
        assertThrows(ImageDecodeException.class, () -> decode(abbreviated), "useless alone");

        JpegTables tables = new JpegTables();
        assertSame(first, tables.complete(first), "a frame with tables is left alone");
        byte[] completed = tables.complete(abbreviated);
        assertEquals(later.length, completed.length, "the same tables went back in");
        assertArrayEquals(decode(later), decode(completed));
    }

    @Test
    void withoutAnEarlierFrameTheFrameIsLeftAsItIs() throws Exception {
        byte[] abbreviated = abbreviate(jpeg(50));
        assertSame(abbreviated, new JpegTables().complete(abbreviated));
        byte[] notJpeg = {1, 2, 3, 4, 5};
        assertSame(notJpeg, new JpegTables().complete(notJpeg));
        byte[] lyingLength = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, (byte) 0x7F, (byte) 0xFF};
        assertSame(lyingLength, new JpegTables().complete(lyingLength));
    }
}
