package dev.saffron.spice.internal.codec;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The test-side encoders, opened to other modules through core's test-jar: the bench module encodes its
 * synthetic inputs with them. Every method takes opaque {@code 0xRRGGBB} pixels, row by row from the top,
 * and returns a stream the matching decoder reads as RGB32.
 */
public final class TestEncoders {
    private static final int LZ4_BLOCK_ROWS = 64;

    private TestEncoders() {
    }

    /** @return a QUIC stream of type RGB32 */
    public static byte[] quic(int width, int height, int[] rgb) {
        return QuicTestEncoder.encode(QuicImageType.RGB32, width, height, rgb);
    }

    /** @return an LZ stream of type RGB32, top-down */
    public static byte[] lz(int width, int height, int[] rgb) {
        return new LzTestEncoder().encode(LzImageType.RGB32, width, height, width * 4, true, rgb);
    }

    /**
     * @param frames images of one size, in order
     * @return one GLZ stream per frame, of type RGB32 and top-down, with ids counting from 0; each frame may
     *         copy from every frame before it
     */
    public static List<byte[]> glz(int width, int height, List<int[]> frames) {
        GlzTestEncoder encoder = new GlzTestEncoder(false);
        List<byte[]> streams = new ArrayList<>(frames.size());
        for (int id = 0; id < frames.size(); id++) {
            streams.add(encoder.encode(LzImageType.RGB32, width, height, true, frames.get(id), id, id));
        }
        return streams;
    }

    /** @return an LZ4 image payload of format RGB32 (B, G, R, pad bytes), top-down */
    public static byte[] lz4(int width, int height, int[] rgb) {
        byte[] packed = new byte[Math.multiplyExact(rgb.length, 4)];
        for (int i = 0; i < rgb.length; i++) {
            packed[4 * i] = (byte) rgb[i];
            packed[4 * i + 1] = (byte) (rgb[i] >>> 8);
            packed[4 * i + 2] = (byte) (rgb[i] >>> 16);
        }
        return new Lz4TestWriter().payload(true, Lz4Header.Format.RGB32.wireValue(), packed,
                width * 4 * LZ4_BLOCK_ROWS);
    }

    /** @return a baseline JFIF stream from ImageIO's encoder */
    public static byte[] jpeg(int width, int height, int[] rgb, float quality) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return JpegFixtures.encode(image, quality, false);
    }
}
