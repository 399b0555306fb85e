package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.display.ImageCache;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session's display memory over its lifetime, against a scripted server: what closing the session frees,
 * and that surfaces are freed whatever the application's event executor does. One display channel's surface
 * handling on its own is {@link DisplayChannelTest}'s, on the harness.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionDisplayMemoryTest {
    private static final int ROP_PUT = 1 << 3;
    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;

    /** Main: INIT, wait for ATTACH_CHANNELS, list one display; the display runs {@code display}. */
    private static FakeSpiceServer server(FakeSpiceServer.Script display) throws Exception {
        return new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                channel.send(MainProtocol.MSG_INIT,
                        new Bytes().u32(7).u32(1).u32(1).u32(1).u32(0).u32(0).u32(0).u32(0).bytes());
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST,
                        new Bytes().u32(1).u8(ChannelType.DISPLAY.wireValue()).u8(0).bytes());
                channel.holdUntilClientCloses();
            } else {
                display.run(channel);
            }
        });
    }

    /** DisplayBase: the surface, the box, no clip. */
    private static Bytes base(int surfaceId, int left, int top, int right, int bottom) {
        return new Bytes().u32(surfaceId).u32(top).u32(left).u32(bottom).u32(right).u8(0);
    }

    private static Bytes noMask(Bytes bytes) {
        return bytes.u8(0).u32(0).u32(0).u32(0);
    }

    private static byte[] surfaceCreate(int width, int height) {
        return new Bytes().u32(0).u32(width).u32(height).u32(32).u32(1).bytes();
    }

    private static DisplayChannel connect(SpiceSession session) throws Exception {
        session.connect();
        session.awaitChannels(Duration.ofSeconds(10));
        return session.channels().stream().filter(c -> c instanceof DisplayChannel)
                .map(DisplayChannel.class::cast).findFirst().orElseThrow();
    }

    private static SpiceSession session(FakeSpiceServer server) {
        return new SpiceSession(SessionConfig.builder().host("127.0.0.1").port(server.port()).build());
    }

    @Test
    void closingTheSessionFreesEverySurfaceAndCachedImage() throws Exception {
        long imageId = 77;
        try (FakeSpiceServer server = server(channel -> {
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(4, 2));
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(1).u32(2).u32(1).u32(32).u32(0).bytes());
            // A 1x1 bitmap the server asks the client to cache (flag CACHE_ME), copied to (0, 0).
            Bytes copy = base(0, 0, 0, 1, 1);
            int imageAt = copy.size() + 4 + 16 + 2 + 1 + 13;
            copy.u32(imageAt).u32(0).u32(0).u32(1).u32(1).u16(ROP_PUT).u8(1);
            noMask(copy);
            copy.u64(imageId).u8(0).u8(1).u32(1).u32(1)
                    .u8(8).u8(4).u32(1).u32(1).u32(4).u32(0).u32(BLUE);
            channel.send(DisplayProtocol.MSG_DRAW_COPY, copy.bytes());
            channel.holdUntilClientCloses();
        }); SpiceSession session = session(server)) {
            DisplayChannel display = connect(session);
            DisplaySurface primary = display.awaitFrame(Duration.ofMillis(300), Duration.ofSeconds(10));
            assertEquals(0xFF000000 | BLUE, primary.toArgb()[0]);
            DisplaySurface offscreen = display.surface(1).orElseThrow();
            List<MemorySegment> surfaceMemory = List.of(primary.read((pixels, width, height, stride) -> pixels),
                    offscreen.read((pixels, width, height, stride) -> pixels));
            ImageCache cache = session.host().sharedDisplayState().imageCache();
            ImageCache.Entry cached = cache.acquire(imageId);
            cache.release(cached);
            assertTrue(cached.isAlive());

            session.disconnect();
            assertTrue(session.awaitClosed(Duration.ofSeconds(10)));
            for (MemorySegment memory : surfaceMemory) {
                assertFalse(memory.scope().isAlive(), "a surface's arena is closed");
            }
            assertTrue(primary.isDestroyed() && offscreen.isDestroyed());
            assertFalse(cached.isAlive(), "the cached image's arena is closed");
            assertEquals(0, cache.storedPixels());
            assertEquals(0, session.host().surfaceBudget().usedBytes());
        }
    }

    @Test
    void surfaceMemoryIsFreedEvenWhenTheApplicationsExecutorNeverRunsATask() throws Exception {
        try (FakeSpiceServer server = server(channel -> {
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, surfaceCreate(4, 2));
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE, new Bytes().u32(1).u32(64).u32(64).u32(32).u32(0).bytes());
            channel.send(DisplayProtocol.MSG_SURFACE_DESTROY, new Bytes().u32(1).bytes());
            channel.send(DisplayProtocol.MSG_DRAW_FILL,
                    noMask(base(0, 0, 0, 1, 1).u8(1).u32(RED).u16(ROP_PUT)).bytes());
            channel.holdUntilClientCloses();
        }); SpiceSession session = new SpiceSession(SessionConfig.builder().host("127.0.0.1")
                .port(server.port()).build(), task -> {
                    // A stalled event executor: it takes every task and runs none.
                })) {
            DisplayChannel display = connect(session);
            display.awaitFrame(Duration.ofMillis(300), Duration.ofSeconds(10));
            assertTrue(display.surface(1).isEmpty());
            assertEquals(4L * 4 * 2, session.host().surfaceBudget().usedBytes(), "only the primary is held");

            session.disconnect();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (session.host().surfaceBudget().usedBytes() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, session.host().surfaceBudget().usedBytes(), "the channel's end freed the primary");
        }
    }
}
