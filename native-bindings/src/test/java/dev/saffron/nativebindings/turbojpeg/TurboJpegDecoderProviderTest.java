package dev.saffron.nativebindings.turbojpeg;

import dev.saffron.spice.testing.Tool;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.spi.JpegDecoderProvider;
import dev.saffron.spice.spi.JpegDecompressor;
import dev.saffron.spice.spi.JpegDecompressor.Quality;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TurboJPEG binding through core's service interface, against libjpeg-turbo's own {@code djpeg} with the
 * settings spice-gtk uses (Debian packages libturbojpeg0 and libjpeg-turbo-progs).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TurboJpegDecoderProviderTest {
    private static final int WIDTH = 101;
    private static final int HEIGHT = 67;

    @TempDir
    Path dir;

    private static JpegDecompressor openDecompressor() {
        List<JpegDecoderProvider> providers = new ArrayList<>();
        ServiceLoader.load(JpegDecoderProvider.class).forEach(providers::add);
        assertEquals(1, providers.size(), "providers found: " + providers);
        assertTrue(providers.getFirst() instanceof TurboJpegDecoderProvider);
        return providers.getFirst().open().orElseThrow(() -> new AssertionError(
                TurboJpeg.LIBRARY + " does not load: " + TurboJpeg.unavailableReason().orElse("?")));
    }

    /** Hard colour edges and a smooth ramp: chroma upsampling and the DCT both show in the result. */
    private static byte[] testJpeg() throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = (x / 9 + y / 7) % 2 == 0 ? 0xD02040 : (x * 255 / WIDTH) << 8 | (y * 255 / HEIGHT);
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpeg", out));
        return out.toByteArray();
    }

    /** @return djpeg's decode of the JPEG as 0xRRGGBB values */
    private int[] djpeg(byte[] jpeg, String... options) throws Exception {
        Path in = dir.resolve("in.jpg");
        Path out = dir.resolve("out.ppm");
        Files.write(in, jpeg);
        List<String> command = new ArrayList<>(List.of(Tool.DJPEG.require().toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-ppm", "-outfile", out.toString(), in.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "djpeg finished");
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
        byte[] ppm = Files.readAllBytes(out);
        String header = "P6\n" + WIDTH + " " + HEIGHT + "\n255\n";
        assertEquals(header, new String(ppm, 0, header.length(), StandardCharsets.US_ASCII));
        int[] rgb = new int[WIDTH * HEIGHT];
        for (int i = 0, at = header.length(); i < rgb.length; i++, at += 3) {
            rgb[i] = (ppm[at] & 0xFF) << 16 | (ppm[at + 1] & 0xFF) << 8 | ppm[at + 2] & 0xFF;
        }
        return rgb;
    }

    private static int[] decode(JpegDecompressor decompressor, byte[] jpeg, Quality quality) throws IOException {
        int stride = WIDTH * 4 + 12;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(jpeg.length).copyFrom(MemorySegment.ofArray(jpeg));
            MemorySegment pixels = arena.allocate((long) stride * HEIGHT);
            decompressor.decompress(data, pixels, WIDTH, HEIGHT, stride, quality);
            int[] rgb = new int[WIDTH * HEIGHT];
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    long at = (long) y * stride + 4L * x;
                    rgb[y * WIDTH + x] = (pixels.get(ValueLayout.JAVA_BYTE, at + 2) & 0xFF) << 16
                            | (pixels.get(ValueLayout.JAVA_BYTE, at + 1) & 0xFF) << 8
                            | pixels.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
                }
            }
            return rgb;
        }
    }

    @Test
    void fastDecodeIsDjpegWithTheFastDctAndNoSmoothUpsampling() throws Exception {
        byte[] jpeg = testJpeg();
        int[] fast = decode(openDecompressor(), jpeg, Quality.FAST);
        assertArrayEquals(djpeg(jpeg, "-dct", "fast", "-nosmooth"), fast);
        assertNotEquals(Arrays.hashCode(djpeg(jpeg)), Arrays.hashCode(fast),
                "the image is one where fast and accurate decoding differ");
    }

    @Test
    void closingFreesTheHandleOnceAndLaterDecodesFail() throws Exception {
        byte[] jpeg = testJpeg();
        JpegDecompressor decompressor = openDecompressor();
        // A failure replaces the handle; the replacement is the one close() destroys.
        assertThrows(IOException.class, () -> decode(decompressor, Arrays.copyOf(jpeg, jpeg.length / 2),
                Quality.FAST));
        decompressor.close();
        decompressor.close();
        assertThrows(IllegalStateException.class, () -> decode(decompressor, jpeg, Quality.FAST));
    }

    @Test
    void accurateDecodeIsDjpegWithItsDefaults() throws Exception {
        byte[] jpeg = testJpeg();
        assertArrayEquals(djpeg(jpeg), decode(openDecompressor(), jpeg, Quality.ACCURATE));
    }

    @Test
    void truncatedOrMisSizedDataIsRefused() throws Exception {
        byte[] jpeg = testJpeg();
        JpegDecompressor decompressor = openDecompressor();
        assertThrows(IOException.class, () -> decode(decompressor,
                Arrays.copyOf(jpeg, jpeg.length / 2), Quality.FAST));
        assertThrows(IOException.class, () -> decode(decompressor, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2},
                Quality.FAST));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(jpeg.length).copyFrom(MemorySegment.ofArray(jpeg));
            MemorySegment pixels = arena.allocate(4L * (WIDTH + 1) * HEIGHT);
            IOException wrongSize = assertThrows(IOException.class,
                    () -> decompressor.decompress(data, pixels, WIDTH + 1, HEIGHT, 4 * (WIDTH + 1), Quality.FAST));
            assertTrue(wrongSize.getMessage().contains(WIDTH + "x" + HEIGHT), wrongSize.getMessage());
            assertThrows(IllegalArgumentException.class, () -> decompressor.decompress(data,
                    pixels.asSlice(0, 4L * WIDTH * HEIGHT - 1), WIDTH, HEIGHT, 4 * WIDTH, Quality.FAST));
            assertThrows(IllegalArgumentException.class, () -> decompressor.decompress(
                    MemorySegment.ofArray(jpeg), pixels, WIDTH, HEIGHT, 4 * WIDTH, Quality.FAST));
        }
        // The handle still works after the errors.
        assertArrayEquals(djpeg(jpeg), decode(decompressor, jpeg, Quality.ACCURATE));
    }

    @Test
    void damagedJpegsDecodeOrFailWithIoExceptionsOnly() throws Exception {
        byte[] jpeg = testJpeg();
        JpegDecompressor decompressor = openDecompressor();
        Random random = new Random(20261122);
        int refused = 0;
        for (int round = 0; round < 300; round++) {
            byte[] damaged = jpeg.clone();
            for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                decode(decompressor, damaged, round % 2 == 0 ? Quality.FAST : Quality.ACCURATE);
            } catch (IOException e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "some damage is noticed");
        assertArrayEquals(djpeg(jpeg), decode(decompressor, jpeg, Quality.ACCURATE), "the handle still decodes");
    }
}
