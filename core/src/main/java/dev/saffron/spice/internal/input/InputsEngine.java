package dev.saffron.spice.internal.input;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.KeyLock;
import dev.saffron.spice.MouseButton;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;

import static dev.saffron.spice.internal.protocol.InputsProtocol.*;

/**
 * The engine of an inputs channel (protocol reference §5): turns key, button and pointer calls into messages,
 * under pointer flow control, and reports the guest's lock keys through {@link Events}. The facade's
 * documentation says what each call sends and which threads may make it.
 */
public final class InputsEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void keyLocksChanged(Set<KeyLock> locks);
    }

    private static final int MAX_DISPLAY_ID = 255;
    private static final System.Logger LOG = System.getLogger(InputsEngine.class.getName());

    private final Events events;

    /** Orders this channel's outgoing input and guards the pointer state and the requested locks. */
    private final Object lock = new Object();
    private final PointerFlowControl pointer = new PointerFlowControl(new PointerSink());
    private Set<KeyLock> requestedLocks;
    private volatile Set<KeyLock> keyLocks = Set.of();

    public InputsEngine(ChannelHost host, int id, Events events) {
        super(host, ChannelType.INPUTS, id);
        this.events = events;
    }

    @Override
    public Capabilities clientCapabilities() {
        // KEY_SCANCODE is the server's to offer; spice-gtk announces no inputs capability of its own either.
        return Capabilities.none();
    }

    @Override
    public void channelUp() {
        // spice-gtk sends its remembered locks (none, if never set) on every link; a library that was never
        // told the host's locks leaves the guest's alone instead of switching them all off.
        if (!host.config().readOnly()) {
            synchronized (lock) {
                if (requestedLocks != null) {
                    sendKeyModifiers(requestedLocks);
                }
            }
        }
        markReady();
    }

    @Override
    protected void connectionReset() {
        synchronized (lock) {
            pointer.reset();
        }
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
        if (host.config().readOnly()) {
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
        return !host.config().readOnly() && isOpen();
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
    protected void handleMessage(int type, MemorySegment body) throws IOException {
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
        host.fire(() -> events.keyLocksChanged(locks));
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
