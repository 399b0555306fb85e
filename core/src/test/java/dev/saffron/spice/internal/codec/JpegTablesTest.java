package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegTablesTest {
    /** A full JPEG of a small gradient, written by ImageIO. */
    private static byte[] jpeg(int shade) throws Exception {
        return jpeg(shade, 0.75f);
    }

    /** A full JPEG of a small gradient at this quality: each quality has its own quantisation tables. */
    private static byte[] jpeg(int shade, float quality) throws Exception {
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, ((x * 15 + shade) & 0xFF) << 16 | (y * 30) << 8 | shade);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
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

    /** Completes a frame into a buffer of its own, as a stream's frame buffer does. */
    private static byte[] complete(JpegTables tables, byte[] frame) {
        return tables.complete(MemorySegment.ofArray(frame), size -> MemorySegment.ofArray(new byte[(int) size]))
                .toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void abbreviatedFramesDecodeWithTheTablesOfAnEarlierFrame() throws Exception {
        byte[] first = jpeg(10);
        byte[] later = jpeg(200);
        byte[] abbreviated = abbreviate(later);
        assertThrows(ImageDecodeException.class, () -> decode(abbreviated), "useless alone");

        JpegTables tables = new JpegTables();
        assertArrayEquals(first, complete(tables, first), "a frame with tables is copied as it is");
        byte[] completed = complete(tables, abbreviated);
        assertEquals(later.length, completed.length, "the same tables went back in");
        assertArrayEquals(decode(later), decode(completed));
    }

    @Test
    void withoutAnEarlierFrameTheFrameIsCopiedAsItIs() throws Exception {
        byte[] abbreviated = abbreviate(jpeg(50));
        assertArrayEquals(abbreviated, complete(new JpegTables(), abbreviated));
        byte[] notJpeg = {1, 2, 3, 4, 5};
        assertArrayEquals(notJpeg, complete(new JpegTables(), notJpeg));
        byte[] lyingLength = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, (byte) 0x7F, (byte) 0xFF};
        assertArrayEquals(lyingLength, complete(new JpegTables(), lyingLength));
    }

    @Test
    void aFrameWithTablesButNoScanIsNotRememberedAndTablesOfALaterFrameReplaceEarlierOnes() throws Exception {
        byte[] first = jpeg(10);
        byte[] headersOnly = java.util.Arrays.copyOf(first, scanStart(first));
        byte[] later = jpeg(200, 0.3f);
        JpegTables tables = new JpegTables();
        complete(tables, headersOnly);
        byte[] abbreviated = abbreviate(later);
        assertArrayEquals(abbreviated, complete(tables, abbreviated), "no tables were taken from a frame without scan");
        complete(tables, first);
        assertFalse(java.util.Arrays.equals(decode(later), decode(complete(tables, abbreviated))),
                "another quality, other tables");
        complete(tables, later);
        assertArrayEquals(decode(later), decode(complete(tables, abbreviated)), "the latest frame's tables went in");
    }

    @Test
    void completingAbbreviatedFramesIntoAReusedBufferAllocatesNoFrameSizedArrays() throws Exception {
        byte[] later = jpeg(200);
        MemorySegment abbreviated = MemorySegment.ofArray(abbreviate(later));
        JpegTables tables = new JpegTables();
        complete(tables, jpeg(10));
        MemorySegment buffer = java.lang.foreign.Arena.ofAuto().allocate(later.length);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1000; i++) {
            tables.complete(abbreviated, size -> buffer);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int frames = 10_000;
        for (int i = 0; i < frames; i++) {
            tables.complete(abbreviated, size -> buffer);
        }
        long perFrame = (threads.getCurrentThreadAllocatedBytes() - before) / frames;
        // Each frame is over 600 bytes: a copy of it on the heap would show, a slice of the buffer does not.
        assertTrue(perFrame < 128, perFrame + " bytes a frame");
        assertArrayEquals(decode(later), decode(buffer.asSlice(0, later.length).toArray(ValueLayout.JAVA_BYTE)));
    }

    /** @return where the frame's SOS marker is */
    private static int scanStart(byte[] jpeg) {
        int at = 2;
        while ((jpeg[at + 1] & 0xFF) != 0xDA) {
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        return at;
    }
}
