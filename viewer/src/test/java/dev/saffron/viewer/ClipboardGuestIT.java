package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole clipboard between the viewer on a headless X server and the real Linux guest, xclip on each side:
 * PNG images both ways, pixel for pixel after decoding; PRIMARY both ways; a 10 MiB image both ways (INCR on
 * the host's X server, chunked agent messages in between). One boot, one X server and one viewer serve every
 * test, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClipboardGuestIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(150);
    private static final String TITLE = "saffron-clipboard";
    /** A noise image this size is a PNG of just over 10 MiB: nothing in it compresses. */
    private static final int LARGE_SIDE = 1900;

    private Path temp;
    private GuestVm guest;
    private XvfbServer x;
    private ViewerProcess viewer;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndOpen() throws Exception {
        temp = Files.createTempDirectory("saffron-clipboard-");
        guest = GuestVm.start(QemuOptions.builder().build());
        x = XvfbServer.start(1024, 768, temp);
        viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + guest.server().host() + ":"
                + guest.server().port(), "-t", TITLE, "--spice-debug");
        x.awaitWindow("^" + TITLE, WAIT);
        // The agent's capabilities arrive after it connects; the display size request comes once they did.
        await("the agent", WAIT, () -> viewer.errContains("asking the guest for "));
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shutDown() throws Exception {
        try {
            if (viewer != null) {
                viewer.close();
            }
            if (x != null) {
                x.close();
            }
        } finally {
            if (guest != null) {
                guest.close();
            }
            if (temp != null) {
                TestFiles.deleteRecursively(temp);
            }
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPngCopiedInTheGuestPastesOnTheHostPixelForPixel() throws Exception {
        BufferedImage image = noise(97, 61, true, 1);
        byte[] png = png(image);
        guest.agent().writeFile("/tmp/guest.png", png);
        byte[] pasted = guestToHost("clipboard", "image/png", "/tmp/guest.png", png, Duration.ofSeconds(150));
        assertSamePixels(image, decode(pasted));
    }

    @Test
    @Order(2)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPngCopiedOnTheHostPastesInTheGuestPixelForPixel() throws Exception {
        BufferedImage image = noise(83, 47, true, 2);
        byte[] png = png(image);
        String sha = hostToGuest("clipboard", "image/png", png, Duration.ofSeconds(150));
        assertEquals(sha256(png), sha);
        assertSamePixels(image, decode(guest.agent().readFile("/tmp/pasted")));
    }

    @Test
    @Order(3)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void primaryGoesBothWaysAndStaysOutOfTheLog() throws Exception {
        String fromGuest = "selected in the guest " + System.nanoTime();
        guest.agent().writeFile("/tmp/primary.txt", fromGuest.getBytes(StandardCharsets.UTF_8));
        byte[] pasted = guestToHost("primary", "UTF8_STRING", "/tmp/primary.txt",
                fromGuest.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(90));
        assertEquals(fromGuest, new String(pasted, StandardCharsets.UTF_8));

        String fromHost = "selected on the host, ünïcödé " + System.nanoTime();
        byte[] text = fromHost.getBytes(StandardCharsets.UTF_8);
        assertEquals(sha256(text), hostToGuest("primary", "UTF8_STRING", text, Duration.ofSeconds(90)));
        String log = viewer.err();
        assertFalse(log.contains(fromGuest) || log.contains(fromHost), "selection contents appear in the log");
    }

    @Test
    @Order(4)
    @Timeout(value = 420, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTenMebibyteImageGoesFromTheGuestToTheHost() throws Exception {
        BufferedImage image = noise(LARGE_SIDE, LARGE_SIDE, false, 3);
        byte[] png = png(image);
        assertTrue(png.length > 10 << 20, "the image is " + png.length + " bytes");
        guest.agent().writeFile("/tmp/large.png", png);
        byte[] pasted = guestToHost("clipboard", "image/png", "/tmp/large.png", png, Duration.ofSeconds(300));
        assertSamePixels(image, decode(pasted));
    }

    @Test
    @Order(5)
    @Timeout(value = 420, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTenMebibyteImageGoesFromTheHostToTheGuest() throws Exception {
        byte[] png = png(noise(LARGE_SIDE, LARGE_SIDE, false, 4));
        assertEquals(sha256(png), hostToGuest("clipboard", "image/png", png, Duration.ofSeconds(300)),
                "the guest pastes the host's PNG byte for byte");
        assertTrue(viewer.process().isAlive());
    }

    @Test
    @Order(6)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withTheClipboardDisabledNothingIsSharedEitherWay() throws Exception {
        viewer.close();
        viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + guest.server().host() + ":"
                + guest.server().port(), "-t", TITLE, "--spice-debug", "--spice-disable-clipboard");
        await("the agent, again", WAIT, () -> viewer.errContains("asking the guest for "));
        String fromHost = "not for the guest " + System.nanoTime();
        Path file = Files.writeString(temp.resolve("private.txt"), fromHost);
        assertTrue(x.start(Tool.XCLIP, "-selection", "clipboard", "-i", file.toString()).waitFor(10, TimeUnit.SECONDS));
        String fromGuest = "not for the host " + System.nanoTime();
        guest.agent().writeFile("/tmp/private.txt", fromGuest.getBytes(StandardCharsets.UTF_8));
        guest.agent().spawn("DISPLAY=:0 xclip -selection primary -i /tmp/private.txt");
        // Long enough for either to have crossed: the exchanges above took about a second.
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < until) {
            GuestAgent.ExecResult inGuest = guest.agent().shell(
                    "DISPLAY=:0 timeout 5 xclip -selection clipboard -o", COMMAND_LIMIT);
            assertFalse(inGuest.stdout().contains(fromHost), "the host's clipboard reached the guest");
            assertFalse(new String(hostOut("primary", "UTF8_STRING"), StandardCharsets.UTF_8).contains(fromGuest),
                    "the guest's selection reached the host");
            Thread.sleep(1000);
        }
        assertEquals(fromGuest, guest.agent().shell("DISPLAY=:0 timeout 5 xclip -selection primary -o", COMMAND_LIMIT)
                .stdout(), "the guest's own selection is there: the check above had something to miss");
    }

    /**
     * Copies a file in the guest with xclip until the host's X server gives it back from the viewer: the first
     * exchange after a boot may be lost in the guest (GUEST.md), so each try copies again.
     */
    private byte[] guestToHost(String selection, String target, String guestFile, byte[] expected, Duration limit)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] seen = new byte[0];
        while (System.nanoTime() < deadline) {
            guest.agent().spawn("DISPLAY=:0 xclip -selection " + selection + " -t " + target + " -i " + guestFile);
            long tryUntil = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(60).toNanos());
            while (System.nanoTime() < tryUntil) {
                seen = hostOut(selection, target);
                if (Arrays.equals(seen, expected)) {
                    return seen;
                }
                Thread.sleep(500);
            }
        }
        return seen;
    }

    /**
     * Copies the bytes on the host with xclip until the guest's xclip pastes them.
     *
     * @return the SHA-256 of what the guest pasted into /tmp/pasted
     */
    private String hostToGuest(String selection, String target, byte[] content, Duration limit) throws Exception {
        Path file = Files.write(temp.resolve("host-" + selection + ".bin"), content);
        String expected = sha256(content);
        long deadline = System.nanoTime() + limit.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            assertTrue(x.start(Tool.XCLIP, "-selection", selection, "-t", target, "-i", file.toString())
                    .waitFor(10, TimeUnit.SECONDS));
            long tryUntil = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(150).toNanos());
            while (System.nanoTime() < tryUntil) {
                GuestAgent.ExecResult result = guest.agent().shell("export DISPLAY=:0; timeout 120 xclip -selection "
                        + selection + " -t " + target + " -o > /tmp/pasted; sha256sum < /tmp/pasted | cut -d' ' -f1",
                        COMMAND_LIMIT);
                seen = result.stdout().strip();
                if (seen.equals(expected)) {
                    return seen;
                }
                Thread.sleep(500);
            }
        }
        return seen;
    }

    private byte[] hostOut(String selection, String target) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Tool.XCLIP.require().toString(), "-selection", selection, "-t",
                target, "-o").redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DISPLAY", x.display());
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(out);
            } catch (IOException e) {
                out.reset();
            }
        });
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue() == 0 ? out.toByteArray() : new byte[0];
    }

    private static BufferedImage noise(int width, int height, boolean alpha, long seed) {
        BufferedImage image = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, alpha ? random.nextInt() : random.nextInt() | 0xFF000000);
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not an image: " + png.length + " bytes");
        return image;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth(), "width");
        assertEquals(expected.getHeight(), actual.getHeight(), "height");
        int[] want = expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth());
        int[] got = actual.getRGB(0, 0, actual.getWidth(), actual.getHeight(), null, 0, actual.getWidth());
        assertArrayEquals(want, got, "pixels");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
