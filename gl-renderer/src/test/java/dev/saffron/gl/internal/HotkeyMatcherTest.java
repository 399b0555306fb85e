package dev.saffron.gl.internal;

import dev.saffron.gl.Hotkey;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_F11;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_F12;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_LEFT_ALT;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_LEFT_CONTROL;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_RIGHT_CONTROL;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_RIGHT_SHIFT;

class HotkeyMatcherTest {
    private final HotkeyMatcher matcher = new HotkeyMatcher();

    private boolean press(Hotkey hotkey, int key) {
        matcher.track(key, true);
        return matcher.matches(hotkey, key);
    }

    @Test
    void aKeyWithItsModifiersMatchesAndOnlyThen() {
        Hotkey fullscreen = Hotkey.parse("shift+f11");
        assertFalse(press(fullscreen, GLFW_KEY_F11), "without shift");
        matcher.track(GLFW_KEY_F11, false);
        assertFalse(press(fullscreen, GLFW_KEY_RIGHT_SHIFT), "shift alone");
        assertTrue(press(fullscreen, GLFW_KEY_F11), "either shift key counts");
        assertFalse(press(fullscreen, GLFW_KEY_F12), "another key");
        assertFalse(press(fullscreen, GLFW_KEY_LEFT_CONTROL), "with an extra modifier");
        assertFalse(matcher.matches(fullscreen, GLFW_KEY_F11), "with an extra modifier held");
    }

    @Test
    void modifiersOnlyMatchOnThePressThatCompletesThem() {
        Hotkey release = Hotkey.parse("ctrl+alt");
        assertFalse(press(release, GLFW_KEY_RIGHT_CONTROL));
        assertTrue(press(release, GLFW_KEY_LEFT_ALT));
        matcher.clear();
        assertFalse(press(release, GLFW_KEY_LEFT_ALT), "held keys are forgotten when the keyboard goes");
        matcher.track(GLFW_KEY_LEFT_ALT, false);
        matcher.track(GLFW_KEY_LEFT_CONTROL, true);
        assertFalse(matcher.matches(release, GLFW_KEY_F11), "a plain key never completes a modifiers-only hotkey");
    }
}
