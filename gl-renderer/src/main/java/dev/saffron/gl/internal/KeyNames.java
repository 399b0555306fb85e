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
    }

    private KeyNames() {
    }

    /** @return the GLFW key a name stands for, empty if hotkeys cannot use it */
    public static Optional<Integer> glfwKey(String name) {
        return Optional.ofNullable(KEYS.get(name.toLowerCase(Locale.ROOT)));
    }
}
