package dev.saffron.spice;

import dev.saffron.spice.internal.input.PointerFlowControl;
import dev.saffron.spice.internal.input.Scancodes;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;

/**
 * The guest's keyboard and pointer (protocol reference §5). Mirrors spice-gtk's {@code SpiceInputsChannel}:
 * keys as PC/XT set-1 scancodes, the lock keys' state in both directions, relative motion for server mouse
 * mode, absolute positions for client mouse mode, and button presses. Which pointer messages to send depends
 * on {@link MainChannel#mouseMode()}; this class sends what it is asked to.
 *
 * <p>Key codes follow spice-gtk: a key's make code, with {@code 0x100} or-ed in for keys whose scancode has
 * the E0 prefix (Right Ctrl is {@code 0x11D}, the arrow keys {@code 0x148}, {@code 0x14B}, {@code 0x14D},
 * {@code 0x150}). Pause, whose scancode starts with E1, is sent as spice-gtk sends it: press {@code 0x21D}
 * then {@code 0x45}, release them in the same order.
 *
 * <p>Threads: every method may be called from any thread; messages from one thread leave in call order. A call
 * blocks only while the server has stopped reading and the channel's send queue is full. Input is dropped,
 * not queued, when the session is read-only ({@link SessionConfig#readOnly()}) or the channel is not open,
 * as in spice-gtk. Pointer motion is subject to the server's acknowledgements: while eight motion messages
 * are unacknowledged, further motion is summed (and positions replaced by the latest) until the next
 * acknowledgement.
 */
public final class InputsChannel extends SpiceChannel {
    static final int MSG_INIT = 101;
    static final int MSG_KEY_MODIFIERS = 102;
    static final int MSG_MOUSE_MOTION_ACK = 111;

    static final int MSGC_KEY_DOWN = 101;
    static final int MSGC_KEY_UP = 102;
    static final int MSGC_KEY_MODIFIERS = 103;
    static final int MSGC_KEY_SCANCODE = 104;
    static final int MSGC_MOUSE_MOTION = 111;
    static final int MSGC_MOUSE_POSITION = 112;
    static final int MSGC_MOUSE_PRESS = 113;
    static final int MSGC_MOUSE_RELEASE = 114;

    /** Server capability: KEY_SCANCODE carries a press and its release in one message. */
    static final int CAP_KEY_SCANCODE = 0;

    private static final int MAX_DISPLAY_ID = 255;
    private static final System.Logger LOG = System.getLogger(InputsChannel.class.getName());

    /** Orders this channel's outgoing input and guards the pointer state and the requested locks. */
    private final Object lock = new Object();
    private final PointerFlowControl pointer = new PointerFlowControl(new PointerSink());
    private Set<KeyLock> requestedLocks;
    private volatile Set<KeyLock> keyLocks = Set.of();

    InputsChannel(SpiceSession session, int id) {
        super(session, ChannelType.INPUTS, id);
    }

    @Override
    Capabilities clientCapabilities() {
        // KEY_SCANCODE is the server's to offer; spice-gtk announces no inputs capability of its own either.
        return Capabilities.none();
    }

    @Override
    void channelUp() {
        // spice-gtk sends its remembered locks (none, if never set) on every link; a library that was never
        // told the host's locks leaves the guest's alone instead of switching them all off.
        if (!session.isReadOnly()) {
            synchronized (lock) {
                if (requestedLocks != null) {
                    sendKeyModifiers(requestedLocks);
                }
            }
        }
        markReady();
    }

    /** @return the guest keyboard's lock state as the server last reported it (spice-gtk's {@code key-modifiers}) */
    public Set<KeyLock> keyLocks() {
        return keyLocks;
    }

    /**
     * Presses a key (spice-gtk's {@code spice_inputs_channel_key_press}).
     *
     * @param scancode a set-1 make code, or-ed with {@code 0x100} for E0-prefixed keys
     * @throws IllegalArgumentException if {@code scancode} is not such a code
     */
    public void keyPress(int scancode) {
        Scancodes.check(scancode);
        sendInput(MSGC_KEY_DOWN, new MessageBuilder(4).u32(Scancodes.wireCode(scancode, false)).build());
    }

    /**
     * Releases a key (spice-gtk's {@code spice_inputs_channel_key_release}).
     *
     * @param scancode the code given to {@link #keyPress}
     * @throws IllegalArgumentException if {@code scancode} is not a valid code
     */
    public void keyRelease(int scancode) {
        Scancodes.check(scancode);
        sendInput(MSGC_KEY_UP, new MessageBuilder(4).u32(Scancodes.wireCode(scancode, true)).build());
    }

    /**
     * Presses and releases a key in one message when the server offers that (KEY_SCANCODE), else as a press
     * and a release (spice-gtk's {@code spice_inputs_channel_key_press_and_release}).
     *
     * @throws IllegalArgumentException if {@code scancode} is not a valid code
     */
    public void keyPressAndRelease(int scancode) {
        Scancodes.check(scancode);
        if (!testCapability(CAP_KEY_SCANCODE)) {
            keyPress(scancode);
            keyRelease(scancode);
            return;
        }
        sendInput(MSGC_KEY_SCANCODE, ByteBuffer.wrap(Scancodes.pressAndRelease(scancode)));
    }

    /**
     * Sets the guest's lock keys (spice-gtk's {@code spice_inputs_channel_set_key_locks}), typically to match
     * the client keyboard's. The server presses the lock keys whose state differs. Remembered, and sent again
     * when the channel links if it is not open yet.
     */
    public void setKeyLocks(Set<KeyLock> locks) {
        Set<KeyLock> wanted = Set.copyOf(locks);
        if (session.isReadOnly()) {
            return;
        }
        synchronized (lock) {
            requestedLocks = wanted;
            if (isOpen()) {
                sendKeyModifiers(wanted);
            }
        }
    }

    /**
     * Moves the pointer by a relative amount, for server mouse mode (spice-gtk's
     * {@code spice_inputs_channel_motion}). A zero move sends nothing.
     *
     * @param held the buttons held down during the move
     */
    public void motion(int dx, int dy, Set<MouseButton> held) {
        int buttons = MouseButton.toMask(held);
        if (!inputAllowed()) {
            return;
        }
        synchronized (lock) {
            pointer.motion(dx, dy, buttons);
        }
    }

    /**
     * Puts the pointer at a position, for client mouse mode (spice-gtk's {@code spice_inputs_channel_position}).
     *
     * @param x       column on the display, from 0
     * @param y       row on the display, from 0
     * @param display the display channel id (with several monitors on display 0, the monitor index)
     * @param held    the buttons held down
     * @throws IllegalArgumentException if a coordinate is negative or {@code display} is not 0 to 255
     */
    public void position(int x, int y, int display, Set<MouseButton> held) {
        if (x < 0 || y < 0 || display < 0 || display > MAX_DISPLAY_ID) {
            throw new IllegalArgumentException("bad position " + x + "," + y + " on display " + display);
        }
        int buttons = MouseButton.toMask(held);
        if (!inputAllowed()) {
            return;
        }
        synchronized (lock) {
            pointer.position(x, y, display, buttons);
        }
    }

    /**
     * Presses a button (spice-gtk's {@code spice_inputs_channel_button_press}); for the wheel, press and release
     * {@link MouseButton#UP} or {@link MouseButton#DOWN} once per notch. Pointer motion held back by flow control
     * is sent first.
     *
     * @param held the buttons already held; {@code button} itself is added unless it is a wheel direction (unlike
     *             spice-gtk, for the side buttons too, so that the server sees them held)
     */
    public void buttonPress(MouseButton button, Set<MouseButton> held) {
        Objects.requireNonNull(button, "button");
        int buttons = MouseButton.toMask(held) | (button.isWheel() ? 0 : button.mask());
        sendButton(MSGC_MOUSE_PRESS, button, buttons);
    }

    /**
     * Releases a button (spice-gtk's {@code spice_inputs_channel_button_release}).
     *
     * @param held the buttons held before the release; {@code button} itself is taken out
     */
    public void buttonRelease(MouseButton button, Set<MouseButton> held) {
        Objects.requireNonNull(button, "button");
        int buttons = MouseButton.toMask(held) & ~button.mask();
        sendButton(MSGC_MOUSE_RELEASE, button, buttons);
    }

    private void sendButton(int messageType, MouseButton button, int buttons) {
        if (!inputAllowed()) {
            return;
        }
        synchronized (lock) {
            pointer.flush(buttons);
            send(messageType, new MessageBuilder(3).u8(button.wireValue()).u16(buttons).build());
        }
    }

    private boolean inputAllowed() {
        return !session.isReadOnly() && isOpen();
    }

    private void sendInput(int messageType, ByteBuffer body) {
        if (!inputAllowed()) {
            return;
        }
        synchronized (lock) {
            send(messageType, body);
        }
    }

    private void sendKeyModifiers(Set<KeyLock> locks) {
        send(MSGC_KEY_MODIFIERS, new MessageBuilder(2).u16(KeyLock.toFlags(locks)).build());
    }

    @Override
    void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_INIT -> reportLocks(new WireReader(body, "inputs INIT").u16());
            case MSG_KEY_MODIFIERS -> reportLocks(new WireReader(body, "inputs KEY_MODIFIERS").u16());
            case MSG_MOUSE_MOTION_ACK -> {
                synchronized (lock) {
                    pointer.acknowledged();
                }
            }
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring message {1}", name(), type);
        }
    }

    private void reportLocks(int flags) {
        Set<KeyLock> locks = Set.copyOf(KeyLock.fromFlags(flags));
        keyLocks = locks;
        session.fire(() -> {
            for (ChannelListener listener : listeners()) {
                if (listener instanceof InputsChannelListener inputs) {
                    inputs.keyLocksChanged(this, locks);
                }
            }
        });
    }

    /** Turns what flow control lets out into messages; runs under {@link #lock}. */
    private final class PointerSink implements PointerFlowControl.Sink {
        @Override
        public void motion(int dx, int dy, int buttons) {
            send(MSGC_MOUSE_MOTION, new MessageBuilder(10).u32(dx).u32(dy).u16(buttons).build());
        }

        @Override
        public void position(int x, int y, int buttons, int display) {
            send(MSGC_MOUSE_POSITION, new MessageBuilder(11).u32(x).u32(y).u16(buttons).u8(display).build());
        }
    }
}
