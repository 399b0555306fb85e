package dev.saffron.spice.internal.codec;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test JPEGs made with ImageIO's encoder, ImageIO's own decodes of them, and surgery on their markers. */
final class JpegFixtures {
    private JpegFixtures() {
    }

    /** Smooth colour ramps with noise, like a photograph. */
    static BufferedImage photo(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(x * 255 / Math.max(1, width - 1) + random.nextInt(21) - 10);
                int g = clamp(y * 255 / Math.max(1, height - 1) + random.nextInt(21) - 10);
                int b = clamp((x + y) * 127 / Math.max(1, width + height - 2) + 64 + random.nextInt(21) - 10);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    /** Flat coloured boxes with sharp edges and thin lines, like a desktop. */
    static BufferedImage screen(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] colors = {0xF0F0F0, 0x2060C0, 0xC03020, 0x101010, 0xFFFFFF, 0x30A050};
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int color = colors[(x / 23 + y / 17) % colors.length];
                if (y % 11 == 0 || x % 29 == 3) {
                    color = 0x000000;
                }
                image.setRGB(x, y, color);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** @return ImageIO's own RGB decode, {@code 0x00RRGGBB} per pixel, row by row */
    static int[] imageIoRgb(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        Arrays.setAll(rgb, i -> rgb[i] & 0xFF_FFFF);
        return rgb;
    }

    /** @return the decoded component samples, before any colour conversion, packed as three bytes in an int */
    static int[] rawSamples(byte[] jpeg) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            int[] packed = new int[raster.getWidth() * raster.getHeight()];
            int[] pixel = new int[3];
            for (int y = 0; y < raster.getHeight(); y++) {
                for (int x = 0; x < raster.getWidth(); x++) {
                    raster.getPixel(x, y, pixel);
                    packed[y * raster.getWidth() + x] = pixel[0] << 16 | pixel[1] << 8 | pixel[2];
                }
            }
            return packed;
        } finally {
            reader.dispose();
        }
    }

    /** @return the offset of the first marker segment of that type (offset of its 0xFF), or -1 */
    static int findSegment(byte[] jpeg, int marker) {
        int position = 2;
        while (position + 4 <= jpeg.length && (jpeg[position] & 0xFF) == 0xFF) {
            int type = jpeg[position + 1] & 0xFF;
            if (type == marker) {
                return position;
            }
            if (type == 0xDA) {
                return -1;
            }
            position += 2 + ((jpeg[position + 2] & 0xFF) << 8 | jpeg[position + 3] & 0xFF);
        }
        return -1;
    }

    /** @return the JPEG without the segment at {@code offset} */
    static byte[] removeSegment(byte[] jpeg, int offset) {
        int length = 2 + ((jpeg[offset + 2] & 0xFF) << 8 | jpeg[offset + 3] & 0xFF);
        byte[] result = new byte[jpeg.length - length];
        System.arraycopy(jpeg, 0, result, 0, offset);
        System.arraycopy(jpeg, offset + length, result, offset, jpeg.length - offset - length);
        return result;
    }

    /** @return the JPEG with {@code segment} (marker, length and body) inserted right after SOI */
    static byte[] insertAfterStart(byte[] jpeg, byte[] segment) {
        byte[] result = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(segment, 0, result, 2, segment.length);
        System.arraycopy(jpeg, 2, result, 2 + segment.length, jpeg.length - 2);
        return result;
    }

    /** @return an APP14 Adobe segment with the given colour transform */
    static byte[] adobeSegment(int transform) {
        return new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) transform};
    }

    /** @return a copy with the component ids replaced in the frame header and the (single) scan header */
    static byte[] withComponentIds(byte[] jpeg, int... ids) {
        byte[] result = jpeg.clone();
        int frame = findSegment(jpeg, 0xC0);
        int scan = findSegment(jpeg, 0xDA);
        for (int c = 0; c < ids.length; c++) {
            result[frame + 10 + 3 * c] = (byte) ids[c];
            result[scan + 5 + 2 * c] = (byte) ids[c];
        }
        return result;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
