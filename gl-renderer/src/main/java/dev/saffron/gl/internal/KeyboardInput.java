package dev.saffron.gl.internal;

import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Forwards the window's keys to the guest by physical position: GLFW's scancode (the X keycode) becomes the
 * set-1 code of the same key. Remembers which keys the guest holds, so that they can all be released when the
 * window loses the keyboard (spice-gtk does the same: a key released elsewhere would stay down in the guest).
 */
public final class KeyboardInput {
    private final Set<Integer> pressed = new LinkedHashSet<>();

    /**
     * Sends a press, an auto-repeat or a release.
     *
     * @param inputs    the guest, or null while there is none (the key is dropped)
     * @param x11Keycode GLFW's scancode
     * @param down      a press or repeat rather than a release
     * @return whether the key went to the guest
     */
    public boolean key(GuestInputs inputs, int x11Keycode, boolean down) {
        OptionalInt mapped = EvdevScancodes.fromX11Keycode(x11Keycode);
        if (mapped.isEmpty() || inputs == null) {
            return false;
        }
        int code = mapped.getAsInt();
        if (down) {
            pressed.add(code);
            press(inputs, code);
            return true;
        }
        if (pressed.remove(code)) {
            release(inputs, code);
            return true;
        }
        return false;
    }

    /** Releases every key the guest holds. */
    public void releaseAll(GuestInputs inputs) {
        if (inputs != null) {
            for (int code : pressed) {
                release(inputs, code);
            }
        }
        pressed.clear();
    }

    private static void press(GuestInputs inputs, int code) {
        inputs.keyPress(code);
        if (code == EvdevScancodes.PAUSE) {
            inputs.keyPress(0x45);
        }
    }

    private static void release(GuestInputs inputs, int code) {
        inputs.keyRelease(code);
        if (code == EvdevScancodes.PAUSE) {
            inputs.keyRelease(0x45);
        }
    }
}
