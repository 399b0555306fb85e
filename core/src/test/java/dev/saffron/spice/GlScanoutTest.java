package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.spi.PassedDescriptor;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GL_SCANOUT_UNIX and GL_DRAW (protocol reference §4.9) on hand-made messages and fake descriptors: what the CPU
 * path copies, when GL_DRAW_DONE goes back (always), which errors are counted, and that every descriptor and
 * mapping has one owner who closes it once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GlScanoutTest {
    private static final int XRGB8888 = 0x34325258;
    private static final int XBGR8888 = 0x34324258;
    private static final int Y0TOP = 1;
    private static final byte[] MARKER = {'@'};
    private static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final SessionConfig GL_ON = SessionConfig.builder().glScanout(true).build();

    private final FakeDescriptors fds = new FakeDescriptors();

    private static byte[] scanout(long width, long height, long stride, int fourcc, int flags) {
        return new Bytes().u32(width).u32(height).u32(stride).u32(fourcc).u32(flags).bytes();
    }

    private static byte[] draw(long x, long y, long width, long height) {
        return new Bytes().u32(x).u32(y).u32(width).u32(height).bytes();
    }

    /** The mini-header message followed by the marker byte its descriptor travels with. */
    private static byte[] withMarker(int type, byte[] body) {
        Bytes bytes = new Bytes().u16(type).u32(body.length).raw(body);
        return bytes.raw(MARKER).bytes();
    }

    /** A harness whose display channel receives descriptors; INIT is already read. */
    private static DisplayChannel display(ChannelHarness harness) throws IOException {
        harness.receiveDescriptors();
        DisplayChannel display = new DisplayChannel(harness, 0);
        harness.link(display.engine(), 0);
        assertEquals(DisplayProtocol.MSGC_INIT, harness.readMessageType());
        return display;
    }

    /** A frame with one pixel value per cell, rows {@code stride} bytes apart. */
    private static MemorySegment frame(int stride, int[][] rows) {
        MemorySegment memory = Arena.ofAuto().allocate((long) stride * rows.length);
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length; x++) {
                memory.set(PIXEL, (long) y * stride + 4L * x, rows[y][x]);
            }
        }
        return memory;
    }

    private void sendScanout(ChannelHarness channel, PassedDescriptor descriptor, long width, long height, long stride,
                             int fourcc, int flags) throws IOException {
        if (descriptor != null) {
            channel.passDescriptor(descriptor);
        }
        channel.raw(withMarker(DisplayProtocol.MSG_GL_SCANOUT_UNIX, scanout(width, height, stride, fourcc, flags)));
    }

    private static void drawAndExpectDone(ChannelHarness channel, long x, long y, long width, long height)
            throws IOException {
        channel.send(DisplayProtocol.MSG_GL_DRAW, draw(x, y, width, height));
        assertEquals(DisplayProtocol.MSGC_GL_DRAW_DONE, channel.readMessageType());
        assertTrue(channel.silent(), "one GL_DRAW_DONE per GL_DRAW");
    }

    @Test
    void glScanoutIsOfferedOnlyWhenDescriptorsCanArriveAndItIsWanted() throws Exception {
        try (ChannelHarness plain = new ChannelHarness(GL_ON)) {
            DisplayChannel display = new DisplayChannel(plain, 0);
            plain.link(display.engine(), 0);
            assertFalse(display.engine().clientCapabilities().has(DisplayProtocol.CAP_GL_SCANOUT));
        }
        try (ChannelHarness unix = new ChannelHarness(GL_ON)) {
            assertTrue(display(unix).engine().clientCapabilities().has(DisplayProtocol.CAP_GL_SCANOUT));
        }
        try (ChannelHarness off = new ChannelHarness(SessionConfig.builder().glScanout(false).build())) {
            assertFalse(display(off).engine().clientCapabilities().has(DisplayProtocol.CAP_GL_SCANOUT));
        }
    }

    @Test
    void aPaddedTopDownFrameIsCopiedIntoThePrimarySurfaceAndTheDrawAnswered() throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = display(channel);
            // 3x2 pixels in rows of 16 bytes: the fourth pixel of each row is padding and must not show.
            MemorySegment memory = frame(16, new int[][]{{0x112233, 0x445566, 0x778899, 0xDEAD}, {1, 2, 3, 0xBEEF}});
            sendScanout(channel, fds.create(memory, FakeDescriptors.Kind.MEMFD), 3, 2, 16, XRGB8888, Y0TOP);
            assertTrue(channel.silent(), "a scanout is not answered");
            DisplaySurface surface = display.primarySurface().orElseThrow();
            assertEquals(3, surface.width());
            assertEquals(2, surface.height());
            drawAndExpectDone(channel, 0, 0, 3, 2);
            int o = 0xFF000000;
            assertArrayEquals(new int[]{o | 0x112233, o | 0x445566, o | 0x778899, o | 1, o | 2, o | 3}, surface.toArgb());
            assertEquals(1, display.glDrawsAnswered());
            assertEquals(1, fds.bracketedReads(), "the copy sits between beginRead and endRead");
        }
        assertEquals(0, fds.stillOpen(), "the channel's end closed the descriptor and unmapped it");
        assertEquals(0, fds.extraCloses());
    }

    @Test
    void aBottomUpFrameIsReadFromItsLastRowAndRedBlueFormatsAreSwapped() throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = display(channel);
            // XBGR8888 keeps red in the lowest byte; row 0 of the buffer is the picture's bottom.
            MemorySegment memory = frame(8, new int[][]{{0x0000FF, 0x00FF00}, {0xFF0000, 0x000001}});
            sendScanout(channel, fds.create(memory, FakeDescriptors.Kind.MEMFD), 2, 2, 8, XBGR8888, 0);
            drawAndExpectDone(channel, 0, 0, 2, 2);
            int o = 0xFF000000;
            assertArrayEquals(new int[]{o | 0x0000FF, o | 0x010000, o | 0xFF0000, o | 0x00FF00},
                    display.primarySurface().orElseThrow().toArgb());
        }
    }

    @Test
    void onlyTheDamageIsCopiedAndDamageBeyondTheFrameIsClipped() throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = display(channel);
            MemorySegment memory = frame(8, new int[][]{{0x10, 0x20}, {0x30, 0x40}});
            sendScanout(channel, fds.create(memory, FakeDescriptors.Kind.MEMFD), 2, 2, 8, XRGB8888, Y0TOP);
            List<int[]> damage = new ArrayList<>();
            display.addListener(new DisplayChannelListener() {
                @Override
                public void glDraw(DisplayChannel c, int x, int y, int width, int height) {
                    damage.add(new int[]{x, y, width, height});
                }
            });
            drawAndExpectDone(channel, 1, 1, 0xFFFFFFFFL, 0xFFFFFFFFL);
            int o = 0xFF000000;
            assertArrayEquals(new int[]{o, o, o, o | 0x40}, display.primarySurface().orElseThrow().toArgb());
            assertArrayEquals(new int[]{1, 1, 1, 1}, damage.getFirst());
        }
    }

    @Test
    void aNewScanoutClosesThePreviousDescriptorAndAnEmbedderOwnsItsDuplicate() throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = display(channel);
            List<GlScanout> seen = new ArrayList<>();
            display.addListener(new DisplayChannelListener() {
                @Override
                public void glScanout(DisplayChannel c, GlScanout scanout) {
                    seen.add(scanout);
                }
            });
            sendScanout(channel, fds.memfd(64), 4, 4, 16, XRGB8888, Y0TOP);
            GlScanout first = seen.getFirst();
            assertEquals(XRGB8888, first.fourcc());
            assertTrue(first.y0Top());
            ScanoutDescriptor mine = first.duplicateDescriptor().orElseThrow();
            assertEquals(2, fds.handedOut());
            sendScanout(channel, fds.memfd(64), 4, 4, 16, XRGB8888, Y0TOP);
            assertEquals(Optional.empty(), first.duplicateDescriptor(), "a replaced scanout gives no descriptor");
            assertEquals(3, fds.stillOpen(), "the embedder's duplicate, the new scanout's descriptor and its mapping");
            mine.close();
            assertEquals(2, fds.stillOpen());
            assertTrue(seen.get(1).duplicateDescriptor().isPresent());
        }
    }

    @Test
    void fourccZeroTurnsTheScanoutOffWithoutReadingADescriptor() throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = display(channel);
            boolean[] off = new boolean[1];
            display.addListener(new DisplayChannelListener() {
                @Override
                public void glScanoutOff(DisplayChannel c) {
                    off[0] = true;
                }
            });
            sendScanout(channel, fds.memfd(64), 4, 4, 16, XRGB8888, Y0TOP);
            // No marker follows a scanout-off: the GL_DRAW right behind it must parse.
            channel.send(DisplayProtocol.MSG_GL_SCANOUT_UNIX, scanout(0, 0, 0, 0, 0));
            assertTrue(off[0]);
            assertEquals(0, fds.stillOpen(), "turning off closed the descriptor and its mapping");
            drawAndExpectDone(channel, 0, 0, 4, 4);
            assertEquals(1, display.glDrawsWithoutScanout());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "MISSING_DESCRIPTOR, 4, 4, 16, 0x34325258, MEMFD, 64",
        "STRIDE_TOO_SMALL, 4, 4, 12, 0x34325258, MEMFD, 64",
        "UNKNOWN_FOURCC, 4, 4, 16, 0x3231564E, MEMFD, 64",
        "UNUSABLE_DESCRIPTOR, 4, 4, 16, 0x34325258, PIPE, 64",
        "UNUSABLE_DESCRIPTOR, 4, 4, 16, 0x34325258, MEMFD, 63",
        "SIZE_OUT_OF_RANGE, 0, 4, 16, 0x34325258, MEMFD, 64",
        "SIZE_OUT_OF_RANGE, 100000, 4, 400000, 0x34325258, MEMFD, 1600000",
    })
    void aBrokenScanoutIsCountedItsDescriptorClosedAndItsDrawsStillAnswered(GlScanoutError error, long width,
                                                                           long height, long stride, String fourcc,
                                                                           FakeDescriptors.Kind kind, long size)
            throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = display(channel);
            PassedDescriptor descriptor = error == GlScanoutError.MISSING_DESCRIPTOR ? null
                    : fds.create(Arena.ofAuto().allocate(size), kind);
            sendScanout(channel, descriptor, width, height, stride, Integer.decode(fourcc), Y0TOP);
            assertEquals(1, display.glScanoutErrors(error));
            assertEquals(0, fds.stillOpen(), "the refused descriptor is closed at once");
            drawAndExpectDone(channel, 0, 0, 4, 4);
            assertEquals(1, display.glDrawsWithoutScanout());
        }
        assertEquals(0, fds.extraCloses());
    }

    @Test
    void anUnmappableBufferStaysForTheEmbedderAndItsDrawsAreAnswered() throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = display(channel);
            sendScanout(channel, fds.create(Arena.ofAuto().allocate(64), FakeDescriptors.Kind.UNMAPPABLE),
                    4, 4, 16, XRGB8888, Y0TOP);
            assertEquals(1, display.glScanoutErrors(GlScanoutError.NOT_MAPPABLE));
            assertEquals(1, fds.stillOpen(), "kept for an embedder's import");
            drawAndExpectDone(channel, 0, 0, 4, 4);
            assertEquals(0, display.glDrawsWithoutScanout());
        }
        assertEquals(0, fds.stillOpen());
    }

    @Test
    void aScanoutOnAConnectionWithoutDescriptorsEndsTheChannel() throws Exception {
        try (ChannelHarness channel = new ChannelHarness(GL_ON)) {
            DisplayChannel display = new DisplayChannel(channel, 0);
            channel.link(display.engine(), 0);
            channel.readMessageType();
            SpiceException e = assertThrows(SpiceException.class,
                    () -> channel.raw(withMarker(DisplayProtocol.MSG_GL_SCANOUT_UNIX, scanout(4, 4, 16, XRGB8888, 0))));
            assertEquals(SpiceError.PROTOCOL, e.error());
        }
    }
}
