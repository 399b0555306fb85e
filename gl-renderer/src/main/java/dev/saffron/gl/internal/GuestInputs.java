package dev.saffron.gl.internal;

import dev.saffron.spice.InputsChannel;
import dev.saffron.spice.KeyLock;
import dev.saffron.spice.MouseButton;

import java.util.Objects;
import java.util.Set;

/**
 * What the window's keyboard and pointer parts send to the guest: the part of {@link InputsChannel} they use,
 * as an interface so that they can be tested without a session.
 */
public interface GuestInputs {
    /** @see InputsChannel#keyPress */
    void keyPress(int scancode);

    /** @see InputsChannel#keyRelease */
    void keyRelease(int scancode);

    /** @see InputsChannel#keyLocks */
    Set<KeyLock> keyLocks();

    /** @see InputsChannel#setKeyLocks */
    void setKeyLocks(Set<KeyLock> locks);

    /** @see InputsChannel#position */
    void position(int x, int y, int display, Set<MouseButton> held);

    /** @see InputsChannel#motion */
    void motion(int dx, int dy, Set<MouseButton> held);

    /** @see InputsChannel#buttonPress */
    void buttonPress(MouseButton button, Set<MouseButton> held);

    /** @see InputsChannel#buttonRelease */
    void buttonRelease(MouseButton button, Set<MouseButton> held);

    /** @return the session's inputs channel behind this interface */
    static GuestInputs of(InputsChannel channel) {
        Objects.requireNonNull(channel, "channel");
        return new GuestInputs() {
            @Override
            public void keyPress(int scancode) {
                channel.keyPress(scancode);
            }

            @Override
            public void keyRelease(int scancode) {
                channel.keyRelease(scancode);
            }

            @Override
            public Set<KeyLock> keyLocks() {
                return channel.keyLocks();
            }

            @Override
            public void setKeyLocks(Set<KeyLock> locks) {
                channel.setKeyLocks(locks);
            }

            @Override
            public void position(int x, int y, int display, Set<MouseButton> held) {
                channel.position(x, y, display, held);
            }

            @Override
            public void motion(int dx, int dy, Set<MouseButton> held) {
                channel.motion(dx, dy, held);
            }

            @Override
            public void buttonPress(MouseButton button, Set<MouseButton> held) {
                channel.buttonPress(button, held);
            }

            @Override
            public void buttonRelease(MouseButton button, Set<MouseButton> held) {
                channel.buttonRelease(button, held);
            }
        };
    }
}
