package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.display.DisplayEngine;
import dev.saffron.spice.internal.display.VideoStream;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The display channel on hand-made server messages fed by the harness: draws, skipped images, broken pointers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DisplayChannelTest {
    private static final int OP_SRC = 1;
    private static final int OP_OVER = 3;
    private static final int SOURCE_REPEAT_NORMAL = 1 << 14;
    private static final int HAS_SOURCE_TRANSFORM = 1 << 20;
    private static final int HAS_MASK = 1 << 19;
    private static final int HAS_MASK_TRANSFORM = 1 << 21;
    private static final int ROP_PUT = 1 << 3;
    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;

    /** DisplayBase: surface 0, the box, no clip, or one clip rectangle. */
    private static Bytes base(int left, int top, int right, int bottom, int[] clip) {
        return base(0, left, top, right, bottom, clip);
    }

    private static Bytes base(int surfaceId, int left, int top, int right, int bottom, int[] clip) {
        Bytes bytes = new Bytes().u32(surfaceId).u32(top).u32(left).u32(bottom).u32(right);
        if (clip == null) {
            return bytes.u8(0);
        }
        return bytes.u8(1).u32(1).u32(clip[1]).u32(clip[0]).u32(clip[3]).u32(clip[2]);
    }

    private static Bytes noMask(Bytes bytes) {
        return bytes.u8(0).u32(0).u32(0).u32(0);
    }

    private static byte[] surfaceCreate(int width, int height) {
        return new Bytes().u32(0).u32(width).u32(height).u32(32).u32(1).bytes();
    }

    /** A display channel linked in {@code harness}; its INIT is the first message the harness reads. */
    private static DisplayChannel display(ChannelHarness harness) {
        DisplayChannel display = new DisplayChannel(harness, 0);
        harness.link(display.engine(), 0);
        return display;
    }

    @Test
    void fillsCopiesAndCopyBitsLandOnTheSurface() throws Exception {
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(4, 2));
            // Fill the whole surface red, clipped to the left half.
            channel.send(DisplayProtocol.MSG_DRAW_FILL, noMask(base(0, 0, 4, 2, new int[]{0, 0, 2, 2})
                    .u8(1).u32(RED).u16(ROP_PUT)).bytes());
            // Copy a 1x1 blue 32-bit bitmap (descriptor at offset 48) to (3, 0).
            Bytes copy = base(3, 0, 4, 1, null);
            int imageAt = copy.size() + 4 + 16 + 2 + 1 + 13;
            copy.u32(imageAt).u32(0).u32(0).u32(1).u32(1).u16(ROP_PUT).u8(1);
            noMask(copy);
            copy.u64(0).u8(0).u8(0).u32(1).u32(1)
                    .u8(8).u8(4).u32(1).u32(1).u32(4).u32(0).u32(BLUE);
            channel.send(DisplayProtocol.MSG_DRAW_COPY, copy.bytes());
            // Copy the red pixel at (0, 1) to (2, 1).
            channel.send(DisplayProtocol.MSG_COPY_BITS, base(2, 1, 3, 2, null).u32(0).u32(1).bytes());
            DisplaySurface surface = display.primarySurface().orElseThrow();
            int red = 0xFF000000 | RED;
            int blue = 0xFF000000 | BLUE;
            int black = 0xFF000000;
            assertArrayEquals(new int[]{red, red, black, blue, red, red, red, black}, surface.toArgb());
            assertEquals(0, display.decodeErrors());
        }
    }

    @ParameterizedTest
    @CsvSource({"16, 0x7C00, 0xFF0000, 0x103152", "80, 0x0400, 0x008200, 0x103452"})
    void sixteenBitSurfacesTakeSixteenBitBrushesAndHoldSixteenBitColours(int format, String brush, String filled,
                                                                          String copied) throws Exception {
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE,
                    new Bytes().u32(0).u32(2).u32(1).u32(format).u32(1).bytes());
            channel.send(DisplayProtocol.MSG_DRAW_FILL, noMask(base(0, 0, 1, 1, null)
                    .u8(1).u32(Integer.decode(brush)).u16(ROP_PUT)).bytes());
            // A 1x1 32-bit bitmap of 0x123456 to (1, 0): the surface keeps only its top bits.
            Bytes copy = base(1, 0, 2, 1, null);
            int imageAt = copy.size() + 4 + 16 + 2 + 1 + 13;
            copy.u32(imageAt).u32(0).u32(0).u32(1).u32(1).u16(ROP_PUT).u8(1);
            noMask(copy);
            copy.u64(0).u8(0).u8(0).u32(1).u32(1)
                    .u8(8).u8(4).u32(1).u32(1).u32(4).u32(0).u32(0x123456);
            channel.send(DisplayProtocol.MSG_DRAW_COPY, copy.bytes());
            DisplaySurface surface = display.primarySurface().orElseThrow();
            assertEquals(SurfaceFormat.fromWire(format).orElseThrow(), surface.format());
            assertArrayEquals(new int[]{0xFF000000 | Integer.decode(filled), 0xFF000000 | Integer.decode(copied)},
                    surface.toArgb());
            assertEquals(0, display.decodeErrors());
        }
    }

    /** A SpiceImage of type SURFACE naming a surface of the channel. */
    private static Bytes surfaceImage(Bytes bytes, int surfaceId, int width, int height) {
        return bytes.u64(0).u8(104).u8(0).u32(width).u32(height).u32(surfaceId);
    }

    /** A top-down 32-bit BITMAP (format 8, or 9 for premultiplied RGBA) with its pixels inline. */
    private static Bytes bitmap(Bytes bytes, int format, int... argb) {
        bytes.u64(0).u8(0).u8(0).u32(argb.length).u32(1)
                .u8(format).u8(4).u32(argb.length).u32(1).u32(4L * argb.length).u32(0);
        for (int pixel : argb) {
            bytes.u32(pixel);
        }
        return bytes;
    }

    @Test
    void compositesDrawOnAndFromAnAlphaOnlySurface() throws Exception {
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(0).u32(2).u32(2).u32(32).u32(1).bytes());
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(1).u32(2).u32(1).u32(8).u32(0).bytes());
            channel.send(DisplayProtocol.MSG_DRAW_FILL, noMask(base(0, 0, 2, 2,
                    null).u8(1).u32(0xFFFFFF).u16(ROP_PUT)).bytes());
            // SRC of translucent colour onto the A8 surface: it keeps the alpha, 0x80 and 0xFF, and no colour.
            Bytes onAlpha = base(1, 0, 0, 2, 1, null);
            int alphaSourceAt = onAlpha.size() + 4 + 4 + 8;
            onAlpha.u32(OP_SRC).u32(alphaSourceAt).u16(0).u16(0).u16(0).u16(0);
            channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, bitmap(onAlpha, 9, 0x80402010, 0xFF00FF00).bytes());
            // The A8 surface as a source, OVER white: black at 0x80 and at 0xFF.
            Bytes fromAlpha = base(0, 0, 2, 1, null);
            int surfaceAt = fromAlpha.size() + 4 + 4 + 8;
            fromAlpha.u32(OP_OVER).u32(surfaceAt).u16(0).u16(0).u16(0).u16(0);
            channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, surfaceImage(fromAlpha, 1, 2, 1).bytes());
            // Repeating opaque red through the A8 surface as a mask moved one pixel left: (0, 1) reads the
            // mask's 0xFF, (1, 1) reads outside it and stays white.
            Bytes masked = base(0, 1, 2, 2, null);
            int sourceAt = masked.size() + 4 + 4 + 4 + 24 + 8;
            masked.u32(OP_OVER | SOURCE_REPEAT_NORMAL | HAS_MASK | HAS_MASK_TRANSFORM).u32(sourceAt)
                    .u32(sourceAt + 18 + 18 + 4)
                    .u32(1 << 16).u32(0).u32(1 << 16).u32(0).u32(1 << 16).u32(0)
                    .u16(0).u16(0).u16(0).u16(0);
            surfaceImage(bitmap(masked, 8, 0xFF0000), 1, 2, 1);
            channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, masked.bytes());
            DisplaySurface surface = display.primarySurface().orElseThrow();
            int[] pixels = rgb(surface);
            assertArrayEquals(new int[]{0x7F7F7F, 0x000000, 0xFF0000, 0xFFFFFF}, pixels);
            assertEquals(3, display.engine().compositesReceived());
            assertEquals(0, display.decodeErrors());
            assertEquals(0, display.drawErrors());
        }
    }

    /** A composite of SRC painting surface 1's two pixels red and blue, from an opaque bitmap. */
    private static byte[] redThenBlueOntoSurfaceOne() {
        Bytes paint = base(1, 0, 0, 2, 1, null);
        int bitmapAt = paint.size() + 4 + 4 + 8;
        paint.u32(OP_SRC).u32(bitmapAt).u16(0).u16(0).u16(0).u16(0);
        return bitmap(paint, 8, RED, BLUE).bytes();
    }

    /** @return the surface's pixels without their alpha byte */
    private static int[] rgb(DisplaySurface surface) {
        int[] pixels = surface.toArgb();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xFFFFFF;
        }
        return pixels;
    }

    /** A composite of SRC from surface 1 (no mask) into row {@code row} of the 2-pixel-wide primary. */
    private static byte[] sourceFromSurfaceOne(int row, int[] transform) {
        Bytes bytes = base(0, row, 2, row + 1, null);
        int surfaceAt = bytes.size() + 4 + 4 + (transform == null ? 0 : 24) + 8;
        bytes.u32(OP_SRC | (transform == null ? 0 : HAS_SOURCE_TRANSFORM)).u32(surfaceAt);
        if (transform != null) {
            for (int value : transform) {
                bytes.u32(value);
            }
        }
        return surfaceImage(bytes.u16(0).u16(0).u16(0).u16(0), 1, 2, 1).bytes();
    }

    @Test
    void aCompositesTransformSticksToItsSourceSurfaceUntilTheSurfaceIsReplaced() throws Exception {
        int[] oneToTheRight = {1 << 16, 0, 1 << 16, 0, 1 << 16, 0};
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(0).u32(2).u32(3).u32(32).u32(1).bytes());
            for (int round = 0; round < 2; round++) {
                channel.send(DisplayProtocol.MSG_SURFACE_CREATE,
                        new Bytes().u32(1).u32(2).u32(1).u32(96).u32(0).bytes());
                channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, redThenBlueOntoSurfaceOne());
                if (round == 0) {
                    channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, sourceFromSurfaceOne(0, oneToTheRight));
                    // No transform given: spice-common samples through the one the surface was last given.
                    channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, sourceFromSurfaceOne(1, null));
                    channel.send(DisplayProtocol.MSG_SURFACE_DESTROY, new Bytes().u32(1).bytes());
                } else {
                    channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, sourceFromSurfaceOne(2, null));
                }
            }
            DisplaySurface surface = display.primarySurface().orElseThrow();
            int[] pixels = rgb(surface);
            assertArrayEquals(new int[]{BLUE, 0, BLUE, 0, RED, BLUE}, pixels);
            assertEquals(0, display.drawErrors());
        }
    }

    @Test
    void aScaledCopyFromASurfaceClearsTheTransformItsCompositesLeft() throws Exception {
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(0).u32(2).u32(2).u32(32).u32(1).bytes());
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(1).u32(2).u32(1).u32(96).u32(0).bytes());
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(2).u32(1).u32(1).u32(32).u32(0).bytes());
            channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, redThenBlueOntoSurfaceOne());
            channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, sourceFromSurfaceOne(0, new int[]{1 << 16, 0, 1 << 16, 0,
                    1 << 16, 0}));
            // Surface 1's 2x1 squeezed into surface 2's single pixel: spice-common scales through the
            // surface's image and leaves it untransformed.
            Bytes copy = base(2, 0, 0, 1, 1, null);
            int surfaceAt = copy.size() + 36;
            copy.u32(surfaceAt).u32(0).u32(0).u32(1).u32(2).u16(ROP_PUT).u8(1);
            channel.send(DisplayProtocol.MSG_DRAW_COPY, surfaceImage(noMask(copy), 1, 2, 1).bytes());
            channel.send(DisplayProtocol.MSG_DRAW_COMPOSITE, sourceFromSurfaceOne(1, null));
            DisplaySurface surface = display.primarySurface().orElseThrow();
            int[] pixels = rgb(surface);
            assertArrayEquals(new int[]{BLUE, 0, RED, BLUE}, pixels);
            assertEquals(0, display.drawErrors());
            assertEquals(0, display.decodeErrors());
        }
    }

    @Test
    void surfacesBeyondTheSessionsBudgetAreRefusedAndThePrimaryGoesOn() throws Exception {
        int side = 256;
        long surfaceBytes = 4L * side * side;
        int flood = 40;
        try (ChannelHarness channel = new ChannelHarness(SessionConfig.builder()
                .surfaceMemoryBudget(4 * surfaceBytes).build())) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(side, side));
            // A flood of off-screen surfaces, as a hostile proxy might add: only three more fit 1 MiB.
            for (int id = 1; id <= flood; id++) {
                channel.send(DisplayProtocol.MSG_SURFACE_CREATE,
                        new Bytes().u32(id).u32(side).u32(side).u32(32).u32(0).bytes());
            }
            // Draws to a refused surface are skipped; one freed surface makes room for a new one.
            channel.send(DisplayProtocol.MSG_DRAW_FILL,
                    noMask(base(flood, 0, 0, 1, 1, null).u8(1).u32(BLUE).u16(ROP_PUT)).bytes());
            channel.send(DisplayProtocol.MSG_SURFACE_DESTROY, new Bytes().u32(1).bytes());
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE,
                    new Bytes().u32(flood + 1).u32(side).u32(side).u32(32).u32(0).bytes());
            channel.send(DisplayProtocol.MSG_DRAW_FILL,
                    noMask(base(0, 0, 1, 1, null).u8(1).u32(RED).u16(ROP_PUT)).bytes());
            DisplaySurface primary = display.primarySurface().orElseThrow();
            assertEquals(0xFF000000 | RED, primary.toArgb()[0]);
            assertEquals(flood - 3, display.surfacesRefused());
            assertEquals(4 * surfaceBytes, channel.surfaceBudget().usedBytes());
            for (int id = 2; id <= flood + 1; id++) {
                assertEquals(id <= 3 || id == flood + 1, display.surface(id).isPresent(), "surface " + id);
            }
            assertTrue(display.surface(1).isEmpty());
            assertEquals(0, display.drawErrors());
            assertTrue(display.isOpen());
        }
    }

    @Test
    void anUndecodableImageSkipsItsDrawAndTheChannelStaysUp() throws Exception {
        Queue<String> invalidated = new ArrayDeque<>();
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            display.addListener(new DisplayChannelListener() {
                @Override
                public void invalidate(DisplayChannel ch, int x, int y, int width, int height) {
                    invalidated.add(x + "," + y + " " + width + "x" + height);
                }
            });
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(2, 1));
            Bytes copy = base(0, 0, 2, 1, null);
            int imageAt = copy.size() + 36;
            copy.u32(imageAt).u32(0).u32(0).u32(1).u32(2).u16(ROP_PUT).u8(1);
            noMask(copy);
            // A QUIC image whose data is garbage.
            copy.u64(0).u8(1).u8(0).u32(2).u32(1).u32(8).u32(0xDEADBEEFL).u32(1);
            channel.send(DisplayProtocol.MSG_DRAW_COPY, copy.bytes());
            channel.send(DisplayProtocol.MSG_DRAW_FILL, noMask(base(0, 0, 1, 1,
                    null).u8(1).u32(RED).u16(ROP_PUT)).bytes());
            assertEquals(List.of("0,0 1x1"), List.copyOf(invalidated), "only the fill drew");
            assertEquals(1, display.decodeErrors());
            assertTrue(display.isOpen());
            assertEquals(0xFF000000 | RED, display.primarySurface().orElseThrow().toArgb()[0]);
            SpiceException incomplete = assertThrows(SpiceException.class,
                    () -> display.awaitFrame(Duration.ofMillis(100), Duration.ofSeconds(10)),
                    "a frame with a hole is not a complete frame");
            assertEquals(SpiceError.FAILED, incomplete.error());
            assertTrue(incomplete.getMessage().contains("the picture is incomplete: 1 draw was skipped, the first "
                    + "because its image failed to decode: not a QUIC stream"), incomplete.getMessage());
        }
    }

    @Test
    void aScreenThatNeverRestsGivesAPictureDrawnAfterTheCall() throws Exception {
        Duration quiet = Duration.ofMillis(300);
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(1, 1));
            // A screen drawn every tenth of the quiet period for five of them: its first draw is long past when
            // the picture is asked for, as after a migration or a key in a session that has run a while.
            int colour = 0;
            for (; colour < 50; colour++) {
                fill(channel, colour);
                Thread.sleep(quiet.toMillis() / 10);
            }
            int beforeTheCall = colour - 1;
            CountDownLatch calling = new CountDownLatch(1);
            CompletableFuture<Integer> seen = CompletableFuture.supplyAsync(() -> {
                calling.countDown();
                try {
                    return display.awaitFrame(quiet, Duration.ofSeconds(10)).toArgb()[0] & 0xFFFFFF;
                } catch (SpiceException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(calling.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++, colour++) {
                fill(channel, colour);
                Thread.sleep(quiet.toMillis() / 10);
            }
            int picture = seen.get(10, TimeUnit.SECONDS);
            assertTrue(picture > beforeTheCall, "the picture is draw " + picture + ", the call came after draw "
                    + beforeTheCall);
        }
    }

    @Test
    void aBurstOfDrawsIsInvalidatedInOneListenerTaskBeforeWhatFollows() throws Exception {
        List<String> calls = new ArrayList<>();
        // Draws on the reader, as on a machine of two cores: a decode worker's draws are handed over at once.
        try (ChannelHarness channel = new ChannelHarness(SessionConfig.builder().decodeThreads(0).build())) {
            recordCalls(display(channel), calls);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(4, 2));
            int before = channel.firedTasks();
            // Three fills and a MARK arrive together, as a burst of draws does over a socket, then a palette
            // reset that fires nothing: every invalidation reaches the listeners, in order, before the MARK,
            // in one task on the event executor rather than one each.
            channel.raw(concat(message(DisplayProtocol.MSG_DRAW_FILL, fillAt(0, RED)),
                    message(DisplayProtocol.MSG_DRAW_FILL, fillAt(1, RED)),
                    message(DisplayProtocol.MSG_DRAW_FILL, fillAt(2, RED)),
                    message(DisplayProtocol.MSG_MARK, new byte[0]),
                    message(DisplayProtocol.MSG_DRAW_FILL, fillAt(3, RED)),
                    message(DisplayProtocol.MSG_INVAL_ALL_PALETTES, new byte[0])));
            assertEquals(List.of("invalidate 0,0 1x1", "invalidate 1,0 1x1", "invalidate 2,0 1x1", "mark",
                    "invalidate 3,0 1x1"), calls);
            assertEquals(3, channel.firedTasks() - before, "the three fills, the MARK, the last fill");
            // A draw that arrives alone is handed over at once.
            channel.send(DisplayProtocol.MSG_DRAW_FILL, fillAt(0, RED));
            assertEquals("invalidate 0,0 1x1", calls.getLast());
        }
    }

    @Test
    void drawsHeldBackReachTheListenersWhenABrokenMessageEndsTheChannel() throws Exception {
        List<String> calls = new ArrayList<>();
        try (ChannelHarness channel = new ChannelHarness(SessionConfig.builder().decodeThreads(0).build())) {
            recordCalls(display(channel), calls);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(4, 2));
            Bytes copy = base(0, 0, 2, 1, null);
            copy.u32(100_000).u32(0).u32(0).u32(1).u32(2).u16(ROP_PUT).u8(1);
            // Two fills, a copy whose image lies outside its message, and a fill that is never read: the fills'
            // invalidations were held back (more had arrived), and the channel's end, which destroys the primary
            // surface, must hand them over before that.
            SpiceException error = assertThrows(SpiceException.class, () -> channel.raw(concat(
                    message(DisplayProtocol.MSG_DRAW_FILL, fillAt(0, RED)),
                    message(DisplayProtocol.MSG_DRAW_FILL, fillAt(1, RED)),
                    message(DisplayProtocol.MSG_DRAW_COPY, noMask(copy).bytes()),
                    message(DisplayProtocol.MSG_DRAW_FILL, fillAt(2, RED)))));
            assertEquals(SpiceError.PROTOCOL, error.error());
            assertEquals(List.of("invalidate 0,0 1x1", "invalidate 1,0 1x1"), calls);
        }
    }

    /** Writes each invalidate and MARK the display's listeners hear into {@code calls}, in order. */
    private static void recordCalls(DisplayChannel display, List<String> calls) {
        display.addListener(new DisplayChannelListener() {
            @Override
            public void invalidate(DisplayChannel ch, int x, int y, int width, int height) {
                calls.add("invalidate " + x + "," + y + " " + width + "x" + height);
            }

            @Override
            public void mark(DisplayChannel ch, boolean marked) {
                calls.add("mark");
            }
        });
    }

    private static byte[] fillAt(int x, int colour) {
        return noMask(base(x, 0, x + 1, 1, null).u8(1).u32(colour).u16(ROP_PUT)).bytes();
    }

    private static byte[] message(int type, byte[] body) {
        return ByteBuffer.allocate(6 + body.length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) type)
                .putInt(body.length).put(body).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    private static void fill(ChannelHarness channel, int colour) throws IOException {
        channel.send(DisplayProtocol.MSG_DRAW_FILL, noMask(base(0, 0, 1, 1, null).u8(1).u32(colour).u16(ROP_PUT))
                .bytes());
    }

    @Test
    void anImagePointerOutsideTheMessageClosesTheChannel() throws Exception {
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(2, 1));
            Bytes copy = base(0, 0, 2, 1, null);
            copy.u32(100_000).u32(0).u32(0).u32(1).u32(2).u16(ROP_PUT).u8(1);
            SpiceException error = assertThrows(SpiceException.class,
                    () -> channel.send(DisplayProtocol.MSG_DRAW_COPY, noMask(copy).bytes()));
            assertEquals(SpiceError.PROTOCOL, error.error());
            assertEquals(List.of("display-0 OPENED", "display-0 ERROR_IO PROTOCOL"), channel.lifecycle());
            assertFalse(display.isOpen());
            // That the session outlives a channel that ends so is SessionBadInputTest's to show.
        }
    }

    @Test
    void multiCodecAndMjpegAreAlwaysAdvertisedAndOtherCodecsOnlyWithADecoder() {
        Capabilities none = DisplayEngine.clientCapabilities(Set.of());
        assertTrue(none.has(DisplayProtocol.CAP_MULTI_CODEC));
        assertTrue(none.has(DisplayProtocol.CAP_CODEC_MJPEG));
        for (int codec : new int[]{DisplayProtocol.CAP_CODEC_VP8, DisplayProtocol.CAP_CODEC_H264,
                DisplayProtocol.CAP_CODEC_VP9, DisplayProtocol.CAP_CODEC_H265}) {
            assertFalse(none.has(codec), "codec capability " + codec + " without a decoder");
        }
        Capabilities vp8AndH265 = DisplayEngine.clientCapabilities(EnumSet.of(VideoCodec.VP8, VideoCodec.H265));
        assertTrue(vp8AndH265.has(10), "VP8 is capability 10");
        assertTrue(vp8AndH265.has(14), "H265 is capability 14");
        assertFalse(vp8AndH265.has(DisplayProtocol.CAP_CODEC_H264));
        assertFalse(vp8AndH265.has(DisplayProtocol.CAP_CODEC_VP9));
        Capabilities all = DisplayEngine.clientCapabilities(EnumSet.allOf(VideoCodec.class));
        assertTrue(all.has(11) && all.has(13), "H264 is 11 and VP9 13");
    }

    @Test
    void withVideoCodecsDisabledOnlyMjpegIsOfferedAndNoPreferenceIsSent() throws Exception {
        SessionConfig config = SessionConfig.builder().videoCodecsEnabled(false)
                .preferredVideoCodecs(List.of(VideoCodec.VP8, VideoCodec.H264)).build();
        try (ChannelHarness channel = new ChannelHarness(config)) {
            DisplayChannel display = new DisplayChannel(channel, 0);
            channel.link(display.engine(), 1 << DisplayProtocol.CAP_PREF_VIDEO_CODEC_TYPE);
            Capabilities offered = display.engine().clientCapabilities();
            assertTrue(offered.has(DisplayProtocol.CAP_CODEC_MJPEG));
            for (int codec : new int[]{DisplayProtocol.CAP_CODEC_VP8, DisplayProtocol.CAP_CODEC_H264,
                    DisplayProtocol.CAP_CODEC_VP9, DisplayProtocol.CAP_CODEC_H265}) {
                assertFalse(offered.has(codec), "codec capability " + codec);
            }
            assertEquals(DisplayProtocol.MSGC_INIT, channel.readMessageType());
            assertTrue(channel.silent(), "no preferred video codecs: none of them is offered");
        }
    }

    @Test
    void preferredVideoCodecsGoOutAsSpiceVideoCodecTypesMostWantedFirst() {
        assertArrayEquals(new byte[]{3, 4, 2, 3},
                bytes(DisplayEngine.preferredVideoCodecs(List.of(VideoCodec.VP9, VideoCodec.VP8, VideoCodec.H264))));
        assertArrayEquals(new byte[]{1, 5}, bytes(DisplayEngine.preferredVideoCodecs(List.of(VideoCodec.H265))));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void aStreamOfACodecWithoutADecoderIsReportedInvalidAndItsFramesIgnored() throws Exception {
        Queue<long[]> reports = new ArrayDeque<>();
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = display(channel);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(16, 8));
            channel.send(DisplayProtocol.MSG_STREAM_CREATE,
                    new Bytes().u32(0).u32(5).u8(1).u8(VideoStream.wireCodec(VideoCodec.VP8)).u64(0)
                    .u32(16).u32(8).u32(16).u32(8).u32(0).u32(0).u32(8).u32(16).u8(0).bytes());
            channel.send(DisplayProtocol.MSG_STREAM_DATA, new Bytes().u32(5).u32(0).u32(3).u8(1).u8(2).u8(3).bytes());
            while (!channel.silent()) {
                FakeSpiceServer.Message message = channel.readMessage();
                if (message.type() == DisplayProtocol.MSGC_STREAM_REPORT) {
                    ByteBuffer body = message.view().order(ByteOrder.LITTLE_ENDIAN);
                    reports.add(new long[]{Integer.toUnsignedLong(body.getInt(0)),
                            Integer.toUnsignedLong(body.getInt(20))});
                }
            }
            // spice-gtk's answer to a stream it cannot decode: a report with every frame dropped, for the
            // creation and again for the frame that came for the stream.
            for (int i = 0; i < 2; i++) {
                long[] report = reports.poll();
                assertTrue(report != null, "stream report " + i);
                assertEquals(5, report[0], "stream id");
                assertEquals(0xFFFF_FFFFL, report[1], "drops");
            }
            assertEquals(1, display.engine().streamsCreated());
            assertEquals(1, display.streamsCreated(VideoCodec.VP8));
            assertEquals(0, display.streamsCreated(VideoCodec.H264));
            assertEquals(0, display.streamFramesShown());
            assertEquals(0, display.decodeErrors());
            assertTrue(display.isOpen(), "the channel stays up");
        }
    }
}
