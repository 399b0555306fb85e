package dev.saffron.gl.internal;

import dev.saffron.gl.Hotkey;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static org.lwjgl.glfw.GLFW.*;

/**
 * Tells whether a GLFW key press completes a {@link Hotkey}. The modifiers held are tracked here from the
 * presses and releases themselves rather than taken from GLFW's modifier bits, which on X11 describe the state
 * before the event: so a modifiers-only hotkey such as Ctrl+Alt fires on the press that completes it.
 */
public final class HotkeyMatcher {
    private final Set<Integer> heldModifierKeys = new HashSet<>();

    /** Notes a key going down or up; call for every key event before {@link #matches}. */
    public void track(int glfwKey, boolean down) {
        if (modifierOf(glfwKey) != null) {
            if (down) {
                heldModifierKeys.add(glfwKey);
            } else {
                heldModifierKeys.remove(glfwKey);
            }
        }
    }

    /** Forgets every held key, when the window loses the keyboard. */
    public void clear() {
        heldModifierKeys.clear();
    }

    /** @return whether pressing {@code glfwKey}, with the modifiers now held, completes {@code hotkey} */
    public boolean matches(Hotkey hotkey, int glfwKey) {
        Set<Hotkey.Modifier> held = EnumSet.noneOf(Hotkey.Modifier.class);
        for (int key : heldModifierKeys) {
            held.add(modifierOf(key));
        }
        if (hotkey.key().filter("plus"::equals).isPresent() && !hotkey.modifiers().contains(Hotkey.Modifier.SHIFT)) {
            // + is typed with Shift on the = key, or without on the keypad: either way it is the hotkey.
            held.remove(Hotkey.Modifier.SHIFT);
        }
        if (!held.equals(hotkey.modifiers())) {
            return false;
        }
        if (hotkey.key().isEmpty()) {
            return modifierOf(glfwKey) != null;
        }
        return KeyNames.glfwKey(hotkey.key().get())
                .map(key -> key == glfwKey || KeyNames.keypadTwin(key).map(twin -> twin == glfwKey).orElse(false))
                .orElse(false);
    }

    private static Hotkey.Modifier modifierOf(int glfwKey) {
        return switch (glfwKey) {
            case GLFW_KEY_LEFT_SHIFT, GLFW_KEY_RIGHT_SHIFT -> Hotkey.Modifier.SHIFT;
            case GLFW_KEY_LEFT_CONTROL, GLFW_KEY_RIGHT_CONTROL -> Hotkey.Modifier.CTRL;
            case GLFW_KEY_LEFT_ALT, GLFW_KEY_RIGHT_ALT -> Hotkey.Modifier.ALT;
            case GLFW_KEY_LEFT_SUPER, GLFW_KEY_RIGHT_SUPER -> Hotkey.Modifier.SUPER;
            default -> null;
        };
    }
}
