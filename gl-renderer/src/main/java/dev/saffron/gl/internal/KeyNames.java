package dev.saffron.gl.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.lwjgl.glfw.GLFW.*;

/**
 * The key names hotkeys may use, in GTK's spelling as remote-viewer's {@code --hotkeys} takes them (matched
 * without regard to case), and the GLFW keys they stand for. Hotkeys go by the key's symbol in the host's
 * layout, as GTK accelerators do.
 */
public final class KeyNames {
    private static final Map<String, Integer> KEYS = new HashMap<>();
    /** Main-keyboard keys and the keypad keys with the same symbol. */
    private static final Map<Integer, Integer> KEYPAD_TWINS = new HashMap<>();

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            KEYS.put(String.valueOf(c), GLFW_KEY_A + (c - 'a'));
        }
        for (char c = '0'; c <= '9'; c++) {
            KEYS.put(String.valueOf(c), GLFW_KEY_0 + (c - '0'));
        }
        for (int i = 1; i <= 25; i++) {
            KEYS.put("f" + i, GLFW_KEY_F1 + i - 1);
        }
        KEYS.put("escape", GLFW_KEY_ESCAPE);
        KEYS.put("return", GLFW_KEY_ENTER);
        KEYS.put("tab", GLFW_KEY_TAB);
        KEYS.put("space", GLFW_KEY_SPACE);
        KEYS.put("backspace", GLFW_KEY_BACKSPACE);
        KEYS.put("delete", GLFW_KEY_DELETE);
        KEYS.put("insert", GLFW_KEY_INSERT);
        KEYS.put("home", GLFW_KEY_HOME);
        KEYS.put("end", GLFW_KEY_END);
        KEYS.put("page_up", GLFW_KEY_PAGE_UP);
        KEYS.put("prior", GLFW_KEY_PAGE_UP);
        KEYS.put("page_down", GLFW_KEY_PAGE_DOWN);
        KEYS.put("next", GLFW_KEY_PAGE_DOWN);
        KEYS.put("left", GLFW_KEY_LEFT);
        KEYS.put("right", GLFW_KEY_RIGHT);
        KEYS.put("up", GLFW_KEY_UP);
        KEYS.put("down", GLFW_KEY_DOWN);
        KEYS.put("pause", GLFW_KEY_PAUSE);
        KEYS.put("print", GLFW_KEY_PRINT_SCREEN);
        KEYS.put("scroll_lock", GLFW_KEY_SCROLL_LOCK);
        // On most layouts + is Shift+= on the = key, which GLFW names by its unshifted symbol.
        KEYS.put("plus", GLFW_KEY_EQUAL);
        KEYS.put("equal", GLFW_KEY_EQUAL);
        KEYS.put("minus", GLFW_KEY_MINUS);
        KEYS.put("kp_add", GLFW_KEY_KP_ADD);
        KEYS.put("kp_subtract", GLFW_KEY_KP_SUBTRACT);
        for (int i = 0; i <= 9; i++) {
            KEYS.put("kp_" + i, GLFW_KEY_KP_0 + i);
        }
        KEYPAD_TWINS.put(GLFW_KEY_EQUAL, GLFW_KEY_KP_ADD);
        KEYPAD_TWINS.put(GLFW_KEY_MINUS, GLFW_KEY_KP_SUBTRACT);
        for (int i = 0; i <= 9; i++) {
            KEYPAD_TWINS.put(GLFW_KEY_0 + i, GLFW_KEY_KP_0 + i);
        }
    }

    private KeyNames() {
    }

    /** @return the GLFW key a name stands for, empty if hotkeys cannot use it */
    public static Optional<Integer> glfwKey(String name) {
        return Optional.ofNullable(KEYS.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * @return the keypad key with the same symbol as a main-keyboard key (+, -, the digits), which a hotkey on
     *         that key also answers to, as remote-viewer binds its zoom keys to both; empty for other keys
     */
    public static Optional<Integer> keypadTwin(int glfwKey) {
        return Optional.ofNullable(KEYPAD_TWINS.get(glfwKey));
    }
}
