package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.CursorProtocol;
import dev.saffron.spice.testing.ChannelHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cursor channel's state and events, on server messages fed to its engine by the harness. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CursorChannelTest {
    private static final long UNIQUE = 0x1234_5678_9ABCL;

    /** A Cursor structure with a header; {@code data} follows to the end of the message. */
    private static Bytes cursor(int flags, int type, int width, int height, int hotX, int hotY) {
        return new Bytes().u16(flags).u64(UNIQUE).u8(type).u16(width).u16(height).u16(hotX).u16(hotY);
    }

    private static byte[] init(int x, int y, boolean visible, Bytes cursor) {
        return new Bytes().u16(x).u16(y).u16(0).u16(0).u8(visible ? 1 : 0).raw(cursor.bytes()).bytes();
    }

    private static byte[] set(int x, int y, boolean visible, Bytes cursor) {
        return new Bytes().u16(x).u16(y).u8(visible ? 1 : 0).raw(cursor.bytes()).bytes();
    }

    /** Records cursor events as short strings; they arrive on the test's thread, as the harness runs them. */
    private static final class Recorder implements CursorChannelListener {
        final Queue<String> cursor = new ArrayDeque<>();
        final Queue<CursorShape> shapes = new ArrayDeque<>();

        @Override
        public void cursorSet(CursorChannel c, CursorShape shape) {
            shapes.add(shape);
            cursor.add("set " + shape.width() + "x" + shape.height());
        }

        @Override
        public void cursorMove(CursorChannel c, int x, int y) {
            cursor.add("move " + x + "," + y + (c.isVisible() ? " visible" : ""));
        }

        @Override
        public void cursorHide(CursorChannel c) {
            cursor.add("hide");
        }

        @Override
        public void cursorReset(CursorChannel c) {
            cursor.add("reset");
        }

        void expect(String... events) {
            for (String event : events) {
                assertEquals(event, cursor.poll());
            }
        }
    }

    /** A cursor channel linked in {@code harness}, heard by {@code recorder}. */
    private static CursorChannel channel(ChannelHarness harness, Recorder recorder) {
        CursorChannel channel = new CursorChannel(harness, 0);
        channel.addListener(recorder);
        harness.link(channel.engine(), 0);
        return channel;
    }

    @Test
    void shapesPositionsAndVisibilityFollowTheServer() throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            Recorder recorder = new Recorder();
            CursorChannel channel = channel(peer, recorder);

            peer.send(CursorProtocol.MSG_MOVE, new Bytes().u16(1).u16(1).bytes());
            // A 2x1 ALPHA cursor, kept in the cache, with its hot spot beyond the edge (pulled back to 2,1).
            peer.send(CursorProtocol.MSG_INIT, init(5, -6, true, cursor(CursorProtocol.FLAG_CACHE_ME, 0, 2, 1, 9, 9)
                    .u32(0xFF00_00FF).u32(0x8000_FF00)));
            recorder.expect("set 2x1", "move 5,-6 visible");
            CursorShape shape = recorder.shapes.poll();
            assertEquals(new CursorShape(CursorType.ALPHA, 2, 1, 2, 1, new int[]{0xFF00_00FF, 0x8000_FF00}), shape);
            assertEquals(shape, channel.shape().orElseThrow());

            peer.send(CursorProtocol.MSG_HIDE, new byte[0]);
            peer.send(CursorProtocol.MSG_MOVE, new Bytes().u16(7).u16(8).bytes());
            recorder.expect("hide", "move 7,8 visible");

            peer.send(CursorProtocol.MSG_SET, set(9, 10, true, cursor(CursorProtocol.FLAG_FROM_CACHE, 0, 2, 1, 0, 0)));
            recorder.expect("set 2x1", "move 9,10 visible");
            assertEquals(shape, recorder.shapes.poll(), "the cached shape");

            peer.send(CursorProtocol.MSG_SET, set(1, 2, false, cursor(0, 1, 8, 1, 0, 0).u8(0xFF).u8(0x00)));
            recorder.expect("set 8x1", "move 1,2", "hide");
            assertFalse(channel.isVisible());

            peer.send(CursorProtocol.MSG_TRAIL, new Bytes().u16(3).u16(4).bytes());
            peer.send(CursorProtocol.MSG_INVAL_ONE, new Bytes().u64(UNIQUE).bytes());
            peer.send(CursorProtocol.MSG_SET, set(3, 4, true, cursor(CursorProtocol.FLAG_FROM_CACHE, 0, 2, 1, 0, 0)));
            recorder.expect("move 3,4", "hide");

            peer.send(CursorProtocol.MSG_SET, set(3, 4, true, new Bytes().u16(CursorProtocol.FLAG_NONE)));
            recorder.expect("move 3,4", "hide");

            peer.send(CursorProtocol.MSG_RESET, new byte[0]);
            recorder.expect("reset");
            assertTrue(channel.shape().isEmpty());
            peer.send(CursorProtocol.MSG_MOVE, new Bytes().u16(1).u16(1).bytes());
            peer.send(CursorProtocol.MSG_INIT, init(0, 0, false, new Bytes().u16(CursorProtocol.FLAG_NONE)));
            recorder.expect("move 0,0", "hide");
            assertTrue(channel.isOpen());
        }
    }

    static Stream<Arguments> malformedCursors() {
        return Stream.of(
                Arguments.of("truncated shape", cursor(0, 0, 4, 4, 0, 0).raw(new byte[10])),
                Arguments.of("unknown type", cursor(0, 9, 1, 1, 0, 0).raw(new byte[64])),
                Arguments.of("too large", cursor(0, 1, 600, 600, 0, 0).raw(new byte[90_000])),
                Arguments.of("truncated header", new Bytes().u16(0).u64(1).u8(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedCursors")
    void aMalformedCursorClosesTheChannel(String what, Bytes cursor) throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            Recorder recorder = new Recorder();
            CursorChannel channel = channel(peer, recorder);
            peer.send(CursorProtocol.MSG_INIT, init(0, 0, true, new Bytes().u16(CursorProtocol.FLAG_NONE)));
            recorder.expect("move 0,0", "hide");
            SpiceException error = assertThrows(SpiceException.class,
                    () -> peer.send(CursorProtocol.MSG_SET, set(0, 0, true, cursor)));
            assertEquals(SpiceError.PROTOCOL, error.error());
            // That the session outlives a channel that ends so is SessionBadInputTest's to show.
            assertEquals(List.of("cursor-0 OPENED", "cursor-0 ERROR_IO PROTOCOL"), peer.lifecycle());
            assertFalse(channel.isOpen());
        }
    }
}
