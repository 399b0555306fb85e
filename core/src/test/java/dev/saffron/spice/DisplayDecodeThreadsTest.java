package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.codec.TestEncoders;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.testing.ChannelHarness;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decode threads change where images are decoded, never the picture: the same messages give the same pixels,
 * the same counters and the same invalidations, in the same order, with the images decoded on the reader (0
 * threads, spice-gtk's way) and on one or more decode threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisplayDecodeThreadsTest {
    private static final int ROP_PUT = 1 << 3;
    private static final int TYPE_BITMAP = 0;
    private static final int TYPE_QUIC = 1;
    private static final int TYPE_FROM_CACHE = 103;
    private static final int TYPE_SURFACE = 104;
    private static final int CACHE_ME = 1;
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    @ParameterizedTest
    @CsvSource({"quic, 1", "quic, 2", "lz, 1", "lz, 3", "glz, 1", "glz, 2", "glz, 4", "lz4, 2", "composite, 1",
            "composite, 2"})
    void aRecordedScreenComesOutTheSameWithDecodeThreads(String name, int threads) throws Exception {
        URL recording = Objects.requireNonNull(getClass().getResource("/dev/saffron/spice/recorded/" + name + ".rec"));
        Played onReader = play(Path.of(recording.toURI()), 0);
        Played staged = play(Path.of(recording.toURI()), threads);
        assertTrue(onReader.decoded > 0 || name.equals("composite"), name + ": images decoded");
        assertEquals(onReader.decoded, staged.decoded, name + ": images decoded");
        assertEquals(0, staged.decodeErrors);
        assertEquals(onReader.drawErrors, staged.drawErrors);
        assertArrayEquals(onReader.pixels, staged.pixels, name + " with " + threads + " decode threads");
    }

    private record Played(int[] pixels, long decoded, long decodeErrors, long drawErrors) {
    }

    private static Played play(Path recording, int threads) throws Exception {
        try (DisplayReplay replay = DisplayReplay.open(recording,
                SessionConfig.builder().decodeThreads(threads).build())) {
            DisplayChannel display = replay.play(false);
            long decoded = 0;
            for (int type : new int[]{0, 1, 100, 101, 102, 105, 107, 108, 109}) {
                decoded += display.engine().imagesDecoded(type);
            }
            return new Played(display.primarySurface().orElseThrow().toArgb(), decoded, display.decodeErrors(),
                    display.drawErrors());
        }
    }

    /**
     * Hand-made messages that tie draws to earlier ones, all sent at once so that draws wait for their images
     * behind each other: overlapping copies of images of very different sizes, cached images used again,
     * fills and COPY_BITS between them, an off-screen surface drawn to and then copied from, and an image
     * that does not decode.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void dependentDrawsLandInMessageOrder(int threads) throws Exception {
        byte[] messages = dependentDraws();
        Drawn onReader = draw(messages, 0);
        Drawn staged = draw(messages, threads);
        assertEquals(1, onReader.decodeErrors, "the broken image was skipped");
        assertEquals(onReader.decodeErrors, staged.decodeErrors);
        assertEquals(onReader.invalidations, staged.invalidations, "invalidations in message order");
        assertArrayEquals(onReader.offscreen, staged.offscreen, "the off-screen surface");
        assertArrayEquals(onReader.primary, staged.primary, "the primary surface");
        assertTrue(staged.drawnByWorkers, "some draws were drawn by the workers that decoded their images");
    }

    private record Drawn(int[] primary, int[] offscreen, List<String> invalidations, long decodeErrors,
                         boolean drawnByWorkers) {
    }

    private static Drawn draw(byte[] messages, int threads) throws Exception {
        List<String> invalidations = Collections.synchronizedList(new ArrayList<>());
        List<String> threadsDrawing = Collections.synchronizedList(new ArrayList<>());
        try (ChannelHarness channel = new ChannelHarness(SessionConfig.builder().decodeThreads(threads).build())) {
            DisplayChannel display = new DisplayChannel(channel, 0);
            channel.link(display.engine(), 0);
            display.addListener(new DisplayChannelListener() {
                @Override
                public void invalidate(DisplayChannel ch, int x, int y, int width, int height) {
                    invalidations.add(x + "," + y + " " + width + "x" + height);
                    // The harness calls listeners on the thread that drew.
                    threadsDrawing.add(Thread.currentThread().getName());
                }
            });
            channel.readMessageType();
            channel.raw(messages);
            return new Drawn(display.primarySurface().orElseThrow().toArgb(),
                    display.surface(1).orElseThrow().toArgb(), List.copyOf(invalidations), display.decodeErrors(),
                    threadsDrawing.stream().anyMatch(name -> name.startsWith("spice-display-0-decode-")));
        }
    }

    private static byte[] dependentDraws() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_SURFACE_CREATE,
                new Bytes().u32(0).u32(WIDTH).u32(HEIGHT).u32(32).u32(1).bytes()));
        out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_SURFACE_CREATE,
                new Bytes().u32(1).u32(24).u32(24).u32(32).u32(0).bytes()));
        Random random = new Random(1919);
        List<long[]> cached = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int x = random.nextInt(WIDTH - 24);
            int y = random.nextInt(HEIGHT - 24);
            if (i == 60) {
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_COPY, brokenQuicCopy(x, y)));
            } else if (i % 30 == 15) {
                // A QUIC image that takes a worker milliseconds, then a masked fill that waits behind it while
                // the reader reads the next messages into the connection's buffer.
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_COPY, quicCopy(i)));
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_FILL, maskedFill(x, y, i)));
            } else if (i % 17 == 8) {
                // A mask is read in place from the message: drawn later, it must not read the next messages.
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_FILL, maskedFill(x, y, i)));
            } else if (i % 9 == 4) {
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_FILL, noMask(base(0, x, y,
                        Math.min(WIDTH, x + 20), Math.min(HEIGHT, y + 12)).u8(1).u32(0x10101 * i).u16(ROP_PUT))
                        .bytes()));
            } else if (i % 11 == 5) {
                int dx = Math.min(WIDTH - 16, x + 3);
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_COPY_BITS,
                        base(0, dx, y, dx + 16, Math.min(HEIGHT, y + 8)).u32(x).u32(y).bytes()));
            } else if (i % 13 == 6) {
                // Into the off-screen surface, then from it onto the primary: the second must see the first.
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_COPY,
                        bitmapCopy(1, random.nextInt(8), random.nextInt(8), 16, 16, 0L, 0, i)));
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_COPY,
                        imageCopy(0, x, y, 24, 24, new Bytes().u64(0).u8(TYPE_SURFACE).u8(0).u32(24).u32(24).u32(1))));
            } else if (i % 7 == 3 && !cached.isEmpty()) {
                long[] image = cached.get(random.nextInt(cached.size()));
                int side = (int) image[1];
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_COPY, imageCopy(0, x, y, side, side,
                        new Bytes().u64(image[0]).u8(TYPE_FROM_CACHE).u8(0).u32(side).u32(side))));
            } else {
                // Mostly small images, which the reader decodes itself, now and then one a thousand times larger
                // (over DecodeStage.HANDOFF_PIXELS), which goes to a worker and takes it longer.
                int side = random.nextInt(4) == 0 ? 128 + random.nextInt(40) : 2 + random.nextInt(10);
                long id = i % 5 == 0 ? 1000 + i : 0;
                if (id != 0) {
                    cached.add(new long[]{id, side});
                }
                out.writeBytes(Bytes.miniMessage(DisplayProtocol.MSG_DRAW_COPY,
                        bitmapCopy(0, x, y, side, side, id, id != 0 ? CACHE_ME : 0, i)));
            }
        }
        return out.toByteArray();
    }

    /** DisplayBase: the surface, the box, no clip. */
    private static Bytes base(int surfaceId, int left, int top, int right, int bottom) {
        return new Bytes().u32(surfaceId).u32(top).u32(left).u32(bottom).u32(right).u8(0);
    }

    private static Bytes noMask(Bytes bytes) {
        return bytes.u8(0).u32(0).u32(0).u32(0);
    }

    /** A DRAW_COPY of a whole image of {@code width x height} to (x, y); the image descriptor follows. */
    private static byte[] imageCopy(int surfaceId, int x, int y, int width, int height, Bytes image) {
        Bytes copy = base(surfaceId, x, y, x + width, y + height);
        int imageAt = copy.size() + 4 + 16 + 2 + 1 + 13;
        copy.u32(imageAt).u32(0).u32(0).u32(height).u32(width).u16(ROP_PUT).u8(1);
        noMask(copy);
        return copy.raw(image.bytes()).bytes();
    }

    /** A DRAW_COPY of a 32-bit bitmap whose every pixel differs from the others and from other draws'. */
    private static byte[] bitmapCopy(int surfaceId, int x, int y, int width, int height, long id, int flags,
                                     int seed) {
        Bytes image = new Bytes().u64(id).u8(TYPE_BITMAP).u8(flags).u32(width).u32(height)
                .u8(8).u8(4).u32(width).u32(height).u32(4L * width).u32(0);
        for (int p = 0; p < width * height; p++) {
            image.u32((seed * 7919L + p * 131L) & 0xFFFFFF);
        }
        return imageCopy(surfaceId, x, y, width, height, image);
    }

    /** A DRAW_COPY to (0, 0) of a 256x200 QUIC image of noise, slow to decode. */
    private static byte[] quicCopy(int seed) {
        Random noise = new Random(seed);
        int[] rgb = new int[256 * 200];
        for (int p = 0; p < rgb.length; p++) {
            rgb[p] = noise.nextInt(1 << 24);
        }
        byte[] data = TestEncoders.quic(256, 200, rgb);
        return imageCopy(0, 0, 0, 256, 200, new Bytes().u64(0).u8(TYPE_QUIC).u8(0).u32(256).u32(200)
                .u32(data.length).raw(data));
    }

    /** A DRAW_FILL of 16x8 through a 1-bit mask of stripes that depend on {@code seed}. */
    private static byte[] maskedFill(int x, int y, int seed) {
        Bytes fill = base(0, x, y, x + 16, y + 8).u8(1).u32(0x00FF00 + seed).u16(ROP_PUT);
        int maskAt = fill.size() + 13;
        fill.u8(0).u32(0).u32(0).u32(maskAt);
        fill.u64(0).u8(TYPE_BITMAP).u8(0).u32(16).u32(8).u8(1).u8(4).u32(16).u32(8).u32(2).u32(0);
        for (int row = 0; row < 8; row++) {
            fill.u8((0x5A + seed * row) & 0xFF).u8((0xC3 ^ seed + row) & 0xFF);
        }
        return fill.bytes();
    }

    /** A DRAW_COPY of a QUIC image whose data is garbage: a decode error, the draw skipped. */
    private static byte[] brokenQuicCopy(int x, int y) {
        return imageCopy(0, x, y, 2, 1, new Bytes().u64(0).u8(TYPE_QUIC).u8(0).u32(2).u32(1).u32(8)
                .u32(0xDEADBEEFL).u32(1));
    }
}
