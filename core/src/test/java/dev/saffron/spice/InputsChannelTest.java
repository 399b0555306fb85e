package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.InputsProtocol;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inputs channel's messages, byte by byte, with the harness playing the server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InputsChannelTest {
    /** An inputs channel linked in {@code harness}, to a server that announces {@code caps}. */
    private static InputsChannel inputs(ChannelHarness harness, int caps) {
        InputsChannel inputs = new InputsChannel(harness, 0);
        harness.link(inputs.engine(), caps);
        return inputs;
    }

    private static FakeSpiceServer.Message expect(ChannelHarness peer, int type) throws IOException {
        FakeSpiceServer.Message message = peer.readMessage();
        assertEquals(type, message.type(), "message type");
        return message;
    }

    @Test
    void keysLeaveAsSetOneScancodes() throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            InputsChannel inputs = inputs(peer, 1 << InputsProtocol.CAP_KEY_SCANCODE);
            assertTrue(inputs.testCapability(InputsProtocol.CAP_KEY_SCANCODE));

            inputs.keyPress(0x1E);
            assertEquals(0x1E, expect(peer, InputsProtocol.MSGC_KEY_DOWN).view().getInt());
            inputs.keyRelease(0x11D);
            assertEquals(0x9DE0, expect(peer, InputsProtocol.MSGC_KEY_UP).view().getInt());
            inputs.keyPressAndRelease(0x14B);
            assertArrayEquals(new byte[]{(byte) 0xE0, 0x4B, (byte) 0xE0, (byte) 0xCB},
                    expect(peer, InputsProtocol.MSGC_KEY_SCANCODE).body());

            assertThrows(IllegalArgumentException.class, () -> inputs.keyPress(0x9E));
            assertThrows(IllegalArgumentException.class, () -> inputs.position(-1, 0, 0, Set.of()));
            assertThrows(IllegalArgumentException.class, () -> inputs.position(0, 0, 256, Set.of()));
            assertTrue(peer.silent(), "rejected calls send nothing");
        }
    }

    @Test
    void withoutKeyScancodeAPressAndReleaseIsTwoMessages() throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            inputs(peer, 0).keyPressAndRelease(0x01);
            assertEquals(0x01, expect(peer, InputsProtocol.MSGC_KEY_DOWN).view().getInt());
            assertEquals(0x81, expect(peer, InputsProtocol.MSGC_KEY_UP).view().getInt());
        }
    }

    @Test
    void lockStateTravelsBothWays() throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            Queue<Set<KeyLock>> reported = new ArrayDeque<>();
            InputsChannel inputs = new InputsChannel(peer, 0);
            inputs.addListener(new InputsChannelListener() {
                @Override
                public void keyLocksChanged(InputsChannel channel, Set<KeyLock> locks) {
                    reported.add(locks);
                }
            });
            peer.link(inputs.engine(), 0);
            assertTrue(peer.silent(), "a client never told the host's locks leaves the guest's alone");

            peer.send(InputsProtocol.MSG_INIT, new Bytes().u16(2).bytes());
            assertEquals(Set.of(KeyLock.NUM_LOCK), reported.poll());
            peer.send(InputsProtocol.MSG_KEY_MODIFIERS, new Bytes().u16(5 | 0x80).bytes());
            assertEquals(Set.of(KeyLock.SCROLL_LOCK, KeyLock.CAPS_LOCK), reported.poll());
            assertEquals(Set.of(KeyLock.SCROLL_LOCK, KeyLock.CAPS_LOCK), inputs.keyLocks());

            inputs.setKeyLocks(EnumSet.of(KeyLock.CAPS_LOCK, KeyLock.NUM_LOCK));
            assertEquals(6, expect(peer, InputsProtocol.MSGC_KEY_MODIFIERS).view().getShort());
        }
    }

    @Test
    void locksSetBeforeTheLinkAreSentOnceItIsUp() throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            InputsChannel inputs = new InputsChannel(peer, 0);
            assertFalse(inputs.isOpen());
            inputs.setKeyLocks(Set.of(KeyLock.NUM_LOCK));
            peer.link(inputs.engine(), 0);
            assertEquals(KeyLock.NUM_LOCK.flag(), expect(peer, InputsProtocol.MSGC_KEY_MODIFIERS).view().getShort());
            assertTrue(peer.silent(), "sent once");
        }
    }

    @Test
    void motionBeyondTheWindowWaitsForAcknowledgementsAndButtonsFlushIt() throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            InputsChannel inputs = inputs(peer, 0);

            for (int i = 0; i < 20; i++) {
                inputs.motion(1, -2, Set.of(MouseButton.LEFT));
            }
            for (int i = 0; i < 8; i++) {
                ByteBuffer motion = expect(peer, InputsProtocol.MSGC_MOUSE_MOTION).view();
                assertEquals(1, motion.getInt());
                assertEquals(-2, motion.getInt());
                assertEquals(MouseButton.LEFT.mask(), motion.getShort());
                assertEquals(0, motion.remaining());
            }
            assertTrue(peer.silent(), "eight unacknowledged motion messages stop the client");

            peer.send(InputsProtocol.MSG_MOUSE_MOTION_ACK, new byte[0]);
            ByteBuffer held = expect(peer, InputsProtocol.MSGC_MOUSE_MOTION).view();
            assertEquals(12, held.getInt(), "the twelve held-back moves in one message");
            assertEquals(-24, held.getInt());

            // Five outstanding now: three more go, the last two wait, until a button press flushes them.
            for (int i = 0; i < 5; i++) {
                inputs.motion(3, 0, Set.of());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(3, expect(peer, InputsProtocol.MSGC_MOUSE_MOTION).view().getInt());
            }
            inputs.buttonPress(MouseButton.RIGHT, Set.of(MouseButton.LEFT));
            ByteBuffer flushed = expect(peer, InputsProtocol.MSGC_MOUSE_MOTION).view();
            assertEquals(6, flushed.getInt());
            assertEquals(0, flushed.getInt());
            assertEquals(MouseButton.LEFT.mask() | MouseButton.RIGHT.mask(), flushed.getShort());
            ByteBuffer press = expect(peer, InputsProtocol.MSGC_MOUSE_PRESS).view();
            assertEquals(MouseButton.RIGHT.wireValue(), press.get());
            assertEquals(MouseButton.LEFT.mask() | MouseButton.RIGHT.mask(), press.getShort());
        }
    }

    @Test
    void positionsAndButtonsCarryTheirFields() throws Exception {
        try (ChannelHarness peer = new ChannelHarness()) {
            InputsChannel inputs = inputs(peer, 0);

            inputs.position(100, 200, 1, Set.of(MouseButton.MIDDLE));
            ByteBuffer position = expect(peer, InputsProtocol.MSGC_MOUSE_POSITION).view();
            assertEquals(100, position.getInt());
            assertEquals(200, position.getInt());
            assertEquals(MouseButton.MIDDLE.mask(), position.getShort());
            assertEquals(1, position.get());
            assertEquals(0, position.remaining());

            record Button(int type, int button, int state) {
            }
            List<Button> expected = List.of(
                    new Button(InputsProtocol.MSGC_MOUSE_PRESS, 6, 0x20),     // the side button is held
                    new Button(InputsProtocol.MSGC_MOUSE_RELEASE, 6, 0),
                    new Button(InputsProtocol.MSGC_MOUSE_PRESS, 4, 0x01),     // a wheel notch is never held
                    new Button(InputsProtocol.MSGC_MOUSE_RELEASE, 4, 0x01),
                    new Button(InputsProtocol.MSGC_MOUSE_RELEASE, 1, 0));
            inputs.buttonPress(MouseButton.SIDE, Set.of());
            inputs.buttonRelease(MouseButton.SIDE, Set.of(MouseButton.SIDE));
            inputs.buttonPress(MouseButton.UP, Set.of(MouseButton.LEFT));
            inputs.buttonRelease(MouseButton.UP, Set.of(MouseButton.LEFT));
            inputs.buttonRelease(MouseButton.LEFT, Set.of(MouseButton.LEFT));
            List<Button> seen = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                FakeSpiceServer.Message message = peer.readMessage();
                ByteBuffer body = message.view();
                seen.add(new Button(message.type(), body.get(), body.getShort()));
            }
            assertEquals(expected, seen);
        }
    }

    @Test
    void aReadOnlySessionSendsNoInput() throws Exception {
        try (ChannelHarness peer = new ChannelHarness(SessionConfig.builder().readOnly(true).build())) {
            InputsChannel inputs = inputs(peer, 1 << InputsProtocol.CAP_KEY_SCANCODE);
            assertTrue(inputs.isOpen());

            inputs.setKeyLocks(Set.of(KeyLock.CAPS_LOCK));
            inputs.keyPress(0x1E);
            inputs.keyRelease(0x1E);
            inputs.keyPressAndRelease(0x1E);
            inputs.motion(5, 5, Set.of());
            inputs.position(5, 5, 0, Set.of());
            inputs.buttonPress(MouseButton.LEFT, Set.of());
            inputs.buttonRelease(MouseButton.LEFT, Set.of(MouseButton.LEFT));
            List<Integer> received = new ArrayList<>();
            while (!peer.silent()) {
                received.add(peer.readMessageType());
            }
            assertEquals(List.of(), received, "nothing at all reached the server");
        }
    }
}
