package dev.saffron.viewer;

import dev.saffron.spice.testing.GlScanoutServer;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user sees of a GL scanout without any EGL import: spice-server's memfd scanout
 * ({@code scripts/gl-scanout-server}), copied on the CPU into the surface, in a screenshot and in the window under
 * Xvfb with Mesa's software OpenGL.
 */
class GlScanoutViewerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private static int[] pattern() {
        int[] argb = new int[GlScanoutServer.WIDTH * GlScanoutServer.HEIGHT];
        for (int y = 0; y < GlScanoutServer.HEIGHT; y++) {
            for (int x = 0; x < GlScanoutServer.WIDTH; x++) {
                argb[y * GlScanoutServer.WIDTH + x] = 0xFF000000 | GlScanoutServer.pattern(x, y);
            }
        }
        return argb;
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aScreenshotOfTheScanoutEqualsThePattern() throws Exception {
        try (GlScanoutServer server = GlScanoutServer.start(GlScanoutServer.Mode.STILL)) {
            Path png = temp.resolve("scanout.png");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(List.of("screenshot", "spice+unix://" + server.socket(), png.toString()), System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8) + "\nserver: " + server.log());
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(GlScanoutServer.WIDTH, image.getWidth());
            assertEquals(GlScanoutServer.HEIGHT, image.getHeight());
            int[] shot = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            int[] expected = pattern();
            int differing = 0;
            for (int i = 0; i < expected.length; i++) {
                differing += (shot[i] | 0xFF000000) == expected[i] ? 0 : 1;
            }
            assertEquals(0, differing, "pixels of the screenshot that differ from the pattern");
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theWindowShowsTheScanout() throws Exception {
        try (GlScanoutServer server = GlScanoutServer.start(GlScanoutServer.Mode.STILL);
             XvfbServer x = XvfbServer.start(1024, 768, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), "spice+unix://" + server.socket(),
                     "--title", "saffron-gl-scanout")) {
            String window = x.awaitWindow("^saffron-gl-scanout$", WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            int[] expected = pattern();
            while (true) {
                PpmImage shown = x.capture(window);
                boolean sized = shown.width() == GlScanoutServer.WIDTH && shown.height() == GlScanoutServer.HEIGHT;
                if (sized && shown.differingPixels(expected, GlScanoutServer.WIDTH) == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the window shows " + shown + (sized ? ", "
                            + shown.firstDifference(expected, GlScanoutServer.WIDTH) : "") + "\n" + viewer.err()
                            + "\nserver: " + server.log());
                }
                Thread.sleep(200);
            }
            assertTrue(viewer.process().isAlive(), viewer.err());
        }
    }
}
