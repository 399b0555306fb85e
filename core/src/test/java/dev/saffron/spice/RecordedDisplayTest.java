package dev.saffron.spice;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Display messages recorded once from QEMU (SeaBIOS's screen, 720x400) with each lossless compression,
 * replayed offline: the screen must come out as the committed picture, which spicy-screenshot showed for the
 * same frozen guest when they were recorded. quic, lz and lz4 hold the screen a client gets on joining a
 * frozen guest; glz holds the firmware drawing its screens, since GLZ is used only for draws.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordedDisplayTest {
    private static final String FIXTURES = "/dev/saffron/spice/recorded/";

    @ParameterizedTest
    @CsvSource({"quic, 1", "lz, 101", "glz, 102", "lz4, 109"})
    void aRecordedScreenReplaysToThePictureTheReferenceClientShowed(String name, int imageType) throws Exception {
        URL recording = Objects.requireNonNull(getClass().getResource(FIXTURES + name + ".rec"), name + ".rec");
        BufferedImage expected;
        try (InputStream png = Objects.requireNonNull(getClass().getResourceAsStream(FIXTURES + name + ".png"))) {
            expected = ImageIO.read(png);
        }
        try (DisplayReplay replay = DisplayReplay.open(Path.of(recording.toURI()))) {
            DisplayChannel display = replay.play(false);
            replay.drain(Duration.ofSeconds(10));
            assertEquals(0, display.decodeErrors());
            assertTrue(display.imagesDecoded(imageType) > 0, name + " images decoded");
            DisplaySurface surface = display.primarySurface().orElseThrow();
            assertEquals(expected.getWidth(), surface.width());
            assertEquals(expected.getHeight(), surface.height());
            int[] pixels = expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0,
                    expected.getWidth());
            assertArrayEquals(pixels, surface.toArgb(), name);
        }
    }
}
