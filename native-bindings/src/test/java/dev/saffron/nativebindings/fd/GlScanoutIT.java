package dev.saffron.nativebindings.fd;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.GlScanout;
import dev.saffron.spice.GlScanoutError;
import dev.saffron.spice.ScanoutDescriptor;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.GlScanoutServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * GL scanouts from spice-server itself ({@code scripts/gl-scanout-server}): the memfd arrives over the unix socket
 * through libc's {@code recvmsg}, the CPU path maps it into the primary surface, and every GL_DRAW is answered,
 * since the server completes a draw only on the client's GL_DRAW_DONE.
 */
class GlScanoutIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static SessionConfig config(GlScanoutServer server) {
        return SessionConfig.builder().unixPath(server.socket().toString()).glScanout(true).build();
    }

    private static DisplayChannel display(SpiceSession session) throws Exception {
        List<SpiceChannel> channels = session.awaitChannels(WAIT);
        return channels.stream().filter(c -> c.type() == ChannelType.DISPLAY).map(DisplayChannel.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no display channel in " + channels));
    }

    private static void await(String what, BooleanSupplier condition, GlScanoutServer server) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within " + WAIT + "; the server says:\n" + server.log());
            }
            Thread.sleep(20);
        }
    }

    private static void assertPattern(DisplaySurface surface) {
        assertEquals(GlScanoutServer.WIDTH, surface.width());
        assertEquals(GlScanoutServer.HEIGHT, surface.height());
        int[] argb = surface.toArgb();
        for (int y = 0; y < surface.height(); y++) {
            for (int x = 0; x < surface.width(); x++) {
                int got = argb[y * surface.width() + x] & 0xFFFFFF;
                if (got != GlScanoutServer.pattern(x, y)) {
                    fail(String.format("pixel (%d, %d) is %06x, the pattern has %06x", x, y, got,
                            GlScanoutServer.pattern(x, y)));
                }
            }
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theScanoutLandsInThePrimarySurfacePixelForPixel() throws Exception {
        try (GlScanoutServer server = GlScanoutServer.start(GlScanoutServer.Mode.STILL);
             SpiceSession session = new SpiceSession(config(server))) {
            CompletableFuture<String> embedderDescriptor = new CompletableFuture<>();
            DisplayChannelListener embedder = new DisplayChannelListener() {
                @Override
                public void glScanout(DisplayChannel channel, GlScanout scanout) {
                    try (ScanoutDescriptor mine = scanout.duplicateDescriptor().orElseThrow()) {
                        embedderDescriptor.complete(scanout.width() + "x" + scanout.height() + " stride "
                                + scanout.stride() + " " + Files.readSymbolicLink(Path.of("/proc/self/fd/" + mine.fd())));
                    } catch (IOException | RuntimeException e) {
                        embedderDescriptor.completeExceptionally(e);
                    }
                }
            };
            // Listening from the channel's creation on, so that the first scanout cannot be missed.
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    if (channel instanceof DisplayChannel display) {
                        display.addListener(embedder);
                    }
                }
            });
            session.connect();
            DisplayChannel display = display(session);
            await("the first GL_DRAW", () -> display.glDrawsAnswered() >= 1, server);
            assertPattern(display.awaitFrame(Duration.ofMillis(200), WAIT));
            for (GlScanoutError error : GlScanoutError.values()) {
                assertEquals(0, display.glScanoutErrors(error), error.name());
            }
            String described = embedderDescriptor.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(described.startsWith("640x480 stride 2560 /memfd:gl-scanout-server frame"), described);
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aThousandDrawsAreAllAnsweredAndNoDescriptorLeaks() throws Exception {
        try (GlScanoutServer server = GlScanoutServer.start(GlScanoutServer.Mode.ANIMATE);
             SpiceSession session = new SpiceSession(config(server))) {
            AtomicLong scanouts = new AtomicLong();
            session.connect();
            DisplayChannel display = display(session);
            display.addListener(new DisplayChannelListener() {
                @Override
                public void glScanout(DisplayChannel channel, GlScanout scanout) {
                    scanouts.incrementAndGet();
                }
            });
            await("100 GL_DRAWs", () -> display.glDrawsAnswered() >= 100, server);
            long before = openDescriptors();
            long scanoutsBefore = scanouts.get();
            await("1100 GL_DRAWs", () -> display.glDrawsAnswered() >= 1100, server);
            long after = openDescriptors();
            // The server re-sends its scanout every 50 steps: about 20 descriptors came and went meanwhile.
            assertTrue(scanouts.get() - scanoutsBefore >= 15, "scanouts during the run: " + (scanouts.get() - scanoutsBefore));
            assertTrue(after <= before + 2, "open descriptors went from " + before + " to " + after);
            assertEquals(0, display.glDrawsWithoutScanout());
            assertTrue(server.isAlive());
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void brokenScanoutsAreCountedAndTheirDrawsStillAnswered() throws Exception {
        try (GlScanoutServer server = GlScanoutServer.start(GlScanoutServer.Mode.ERRORS);
             SpiceSession session = new SpiceSession(config(server))) {
            session.connect();
            DisplayChannel display = display(session);
            // First the good frame's draw, then five broken scanouts with a draw each, then the good one again.
            await("seven GL_DRAWs", () -> display.glDrawsAnswered() >= 7, server);
            assertEquals(1, display.glScanoutErrors(GlScanoutError.STRIDE_TOO_SMALL));
            assertEquals(1, display.glScanoutErrors(GlScanoutError.UNKNOWN_FOURCC));
            assertEquals(2, display.glScanoutErrors(GlScanoutError.UNUSABLE_DESCRIPTOR), "a pipe and an empty memfd");
            assertEquals(1, display.glScanoutErrors(GlScanoutError.NOT_MAPPABLE), "a memfd that may shrink");
            assertEquals(4, display.glDrawsWithoutScanout(), "the unmappable one stays for an embedder's import");
            assertPattern(display.awaitFrame(Duration.ofMillis(200), WAIT));
        }
    }
}
