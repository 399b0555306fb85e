package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.input.InputsEngine;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private final List<InputsChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final InputsEngine engine;

    InputsChannel(ChannelHost host, int id) {
        super(host.session());
        engine = new InputsEngine(host, id,
                locks -> listeners.forEach(listener -> listener.keyLocksChanged(this, locks)));
    }

    @Override
    InputsEngine engine() {
        return engine;
    }

    @Override
    List<InputsChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(InputsChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(InputsChannelListener listener) {
        listeners.remove(listener);
    }

    /** @return the guest keyboard's lock state as the server last reported it (spice-gtk's {@code key-modifiers}) */
    public Set<KeyLock> keyLocks() {
        return engine.keyLocks();
    }

    /**
     * Presses a key (spice-gtk's {@code spice_inputs_channel_key_press}).
     *
     * @param scancode a set-1 make code, or-ed with {@code 0x100} for E0-prefixed keys
     * @throws IllegalArgumentException if {@code scancode} is not such a code
     */
    public void keyPress(int scancode) {
        engine.keyPress(scancode);
    }

    /**
     * Releases a key (spice-gtk's {@code spice_inputs_channel_key_release}).
     *
     * @param scancode the code given to {@link #keyPress}
     * @throws IllegalArgumentException if {@code scancode} is not a valid code
     */
    public void keyRelease(int scancode) {
        engine.keyRelease(scancode);
    }

    /**
     * Presses and releases a key in one message when the server offers that (KEY_SCANCODE), else as a press
     * and a release (spice-gtk's {@code spice_inputs_channel_key_press_and_release}).
     *
     * @throws IllegalArgumentException if {@code scancode} is not a valid code
     */
    public void keyPressAndRelease(int scancode) {
        engine.keyPressAndRelease(scancode);
    }

    /**
     * Sets the guest's lock keys (spice-gtk's {@code spice_inputs_channel_set_key_locks}), typically to match
     * the client keyboard's. The server presses the lock keys whose state differs. Remembered, and sent again
     * when the channel links if it is not open yet.
     */
    public void setKeyLocks(Set<KeyLock> locks) {
        engine.setKeyLocks(locks);
    }

    /**
     * Moves the pointer by a relative amount, for server mouse mode (spice-gtk's
     * {@code spice_inputs_channel_motion}). A zero move sends nothing.
     *
     * @param held the buttons held down during the move
     */
    public void motion(int dx, int dy, Set<MouseButton> held) {
        engine.motion(dx, dy, held);
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
        engine.position(x, y, display, held);
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
        engine.buttonPress(button, held);
    }

    /**
     * Releases a button (spice-gtk's {@code spice_inputs_channel_button_release}).
     *
     * @param held the buttons held before the release; {@code button} itself is taken out
     */
    public void buttonRelease(MouseButton button, Set<MouseButton> held) {
        engine.buttonRelease(button, held);
    }
}
