package dev.saffron.spice;

import org.junit.jupiter.api.Test;
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
 * frozen guest; glz holds the firmware drawing its screens, since GLZ is used only for draws. composite holds
 * a Linux guest's XRender draws.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordedDisplayTest {
    private static final String FIXTURES = "/dev/saffron/spice/recorded/";

    @ParameterizedTest
    @CsvSource({"quic, 1", "lz, 101", "glz, 102", "lz4, 109"})
    void aRecordedScreenReplaysToThePictureTheReferenceClientShowed(String name, int imageType) throws Exception {
        try (DisplayReplay replay = open(name)) {
            DisplayChannel display = replay.play(false);
            replay.drain(Duration.ofSeconds(10));
            assertTrue(display.engine().imagesDecoded(imageType) > 0, name + " images decoded");
            assertShowsTheReferencePicture(display, name);
        }
    }

    /**
     * The test guest's Xorg qxl driver (under its own mode setting) drawing the render workload: translucent
     * ARGB32 and A8 off-screen surfaces composited under every operator, with masks, scaling transforms and
     * repeat modes (see CompositeGuestIT, which recorded it). The picture is what spice-server rendered for
     * spicy-screenshot, whose canvas lets a composite's transform stick to the surface for later composites.
     */
    @Test
    void theGuestsXRenderCompositesReplayToThePictureTheReferenceClientShowed() throws Exception {
        try (DisplayReplay replay = open("composite")) {
            DisplayChannel display = replay.play(false);
            replay.drain(Duration.ofSeconds(10));
            assertTrue(display.engine().compositesReceived() > 2000,
                    "composites: " + display.engine().compositesReceived());
            assertEquals(0, display.drawErrors());
            assertShowsTheReferencePicture(display, "composite");
        }
    }

    private DisplayReplay open(String name) throws Exception {
        URL recording = Objects.requireNonNull(getClass().getResource(FIXTURES + name + ".rec"), name + ".rec");
        return DisplayReplay.open(Path.of(recording.toURI()));
    }

    private void assertShowsTheReferencePicture(DisplayChannel display, String name) throws Exception {
        BufferedImage expected;
        try (InputStream png = Objects.requireNonNull(getClass().getResourceAsStream(FIXTURES + name + ".png"))) {
            expected = ImageIO.read(png);
        }
        assertEquals(0, display.decodeErrors());
        DisplaySurface surface = display.primarySurface().orElseThrow();
        assertEquals(expected.getWidth(), surface.width());
        assertEquals(expected.getHeight(), surface.height());
        int[] pixels = expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0,
                expected.getWidth());
        assertArrayEquals(pixels, surface.toArgb(), name);
    }
}
