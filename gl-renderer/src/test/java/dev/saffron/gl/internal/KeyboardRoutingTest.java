package dev.saffron.gl.internal;

import dev.saffron.gl.Hotkeys;
import dev.saffron.spice.KeyLock;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_0;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_A;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_DOWN;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_END;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_ENTER;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_EQUAL;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_F10;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_KP_0;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_KP_ADD;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_MINUS;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_R;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_ESCAPE;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_F11;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_F8;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_F9;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_LEFT_ALT;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_LEFT_CONTROL;
import static org.lwjgl.glfw.GLFW.GLFW_KEY_LEFT_SHIFT;
import static org.lwjgl.glfw.GLFW.GLFW_MOD_CAPS_LOCK;
import static org.lwjgl.glfw.GLFW.GLFW_MOD_NUM_LOCK;
import static org.lwjgl.glfw.GLFW.GLFW_PRESS;
import static org.lwjgl.glfw.GLFW.GLFW_RELEASE;
import static org.lwjgl.glfw.GLFW.GLFW_REPEAT;

class KeyboardRoutingTest {
    // X11 keycodes (GLFW's scancodes) of the keys used, and the set-1 codes the guest gets for them.
    private static final int X_A = 38;
    private static final int X_ESCAPE = 9;
    private static final int X_F11 = 95;
    private static final int X_F8 = 74;
    private static final int X_F9 = 75;
    private static final int X_LEFT_SHIFT = 50;
    private static final int X_LEFT_CONTROL = 37;
    private static final int X_LEFT_ALT = 64;
    private static final int X_END = 115;
    private static final int X_EQUAL = 21;
    private static final int X_MINUS = 20;
    private static final int X_0 = 19;
    private static final int X_KP_ADD = 86;
    private static final int X_KP_0 = 90;
    private static final int X_R = 27;
    private static final int X_F10 = 76;
    private static final int X_DOWN = 116;
    private static final int X_RETURN = 36;

    private final RecordingInputs guest = new RecordingInputs();
    private final FakeActions actions = new FakeActions();
    private final KeyToPresentTracker keyToPresent = new KeyToPresentTracker();

    private static final class FakeActions implements KeyboardRouting.Actions, KeyboardRouting.Controls {
        final List<String> done = new ArrayList<>();
        boolean transfersRunning;
        boolean menuOpen;
        boolean usbDevices;

        @Override
        public boolean menuOpen() {
            return menuOpen;
        }

        @Override
        public void openMenu() {
            menuOpen = true;
            done.add("open menu");
        }

        @Override
        public void closeMenu() {
            menuOpen = false;
            done.add("close menu");
        }

        @Override
        public void menuKey(int glfwKey) {
            done.add("menu key " + glfwKey);
        }

        @Override
        public void secureAttention() {
            done.add("secure attention");
        }

        @Override
        public boolean resetUsbDevices() {
            if (usbDevices) {
                done.add("reset usb");
            }
            return usbDevices;
        }

        @Override
        public void zoomIn() {
            done.add("zoom in");
        }

        @Override
        public void zoomOut() {
            done.add("zoom out");
        }

        @Override
        public void zoomReset() {
            done.add("zoom reset");
        }

        @Override
        public boolean transfersRunning() {
            return transfersRunning;
        }

        @Override
        public void cancelTransfers() {
            done.add("cancel transfers");
        }

        @Override
        public void toggleFullScreen() {
            done.add("full screen");
        }

        @Override
        public void releasePointer() {
            done.add("release pointer");
        }

        boolean softwareCard;

        @Override
        public boolean insertSmartcard() {
            if (softwareCard) {
                done.add("insert card");
            }
            return softwareCard;
        }

        @Override
        public boolean removeSmartcard() {
            if (softwareCard) {
                done.add("remove card");
            }
            return softwareCard;
        }
    }

    private KeyboardRouting routing(boolean kiosk) {
        KeyboardRouting routing = new KeyboardRouting(Hotkeys.DEFAULTS, kiosk, actions, actions, keyToPresent);
        // The first key of a focus matches the locks; these tests start with that done.
        routing.key(GLFW_KEY_A, X_A, GLFW_RELEASE, 0, guest);
        guest.take();
        return routing;
    }

    @Test
    void keysReachTheGuestByPositionWithTheirRepeats() {
        KeyboardRouting routing = routing(false);
        routing.key(GLFW_KEY_A, X_A, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_A, X_A, GLFW_REPEAT, 0, guest);
        routing.key(GLFW_KEY_A, X_A, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("press 1e", "press 1e", "release 1e"), guest.take());
        assertEquals(List.of(), actions.done);
    }

    @Test
    void theFullScreenHotkeyIsKeptWholeWhileItsModifierIsTyped() {
        KeyboardRouting routing = routing(false);
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F11, X_F11, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F11, X_F11, GLFW_REPEAT, 0, guest);
        routing.key(GLFW_KEY_F11, X_F11, GLFW_RELEASE, 0, guest);
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("full screen"), actions.done);
        assertEquals(List.of("press 2a", "release 2a"), guest.take(), "F11 never reaches the guest");
    }

    @Test
    void aKeyTheWindowKeepsStartsNoLatencyMeasurementAndOneTypedIntoTheGuestDoes(@TempDir Path dir)
            throws Exception {
        KeyboardRouting routing = routing(false);
        Path file = dir.resolve("keys.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("saffron.KeyToPresent").withoutThreshold();
            recording.start();
            routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_PRESS, 0, guest);
            keyToPresent.framePresented(System.nanoTime(), System.nanoTime());
            routing.key(GLFW_KEY_F11, X_F11, GLFW_PRESS, 0, guest);
            keyToPresent.framePresented(System.nanoTime(), System.nanoTime());
            routing.key(GLFW_KEY_F11, X_F11, GLFW_RELEASE, 0, guest);
            routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_RELEASE, 0, guest);
            routing.key(GLFW_KEY_A, X_A, GLFW_PRESS, 0, guest);
            Thread.sleep(2);
            keyToPresent.framePresented(System.nanoTime(), System.nanoTime());
            recording.stop();
            recording.dump(file);
        }
        List<Integer> measured = RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().equals("saffron.KeyToPresent"))
                .map(event -> event.getInt("keycode"))
                .toList();
        assertEquals(List.of(X_LEFT_SHIFT, X_A), measured, "Shift went to the guest, F11 did not");
    }

    @Test
    void aModifiersOnlyReleaseHotkeyReleasesThePointerAndIsStillTyped() {
        KeyboardRouting routing = routing(false);
        routing.key(GLFW_KEY_LEFT_CONTROL, X_LEFT_CONTROL, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_LEFT_ALT, X_LEFT_ALT, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_LEFT_ALT, X_LEFT_ALT, GLFW_RELEASE, 0, guest);
        routing.key(GLFW_KEY_LEFT_CONTROL, X_LEFT_CONTROL, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("release pointer"), actions.done);
        assertEquals(List.of("press 1d", "press 38", "release 38", "release 1d"), guest.take());
    }

    @Test
    void theSmartcardHotkeysInsertAndRemoveTheSoftwareCardAndWithoutOneAreTheGuests() {
        KeyboardRouting routing = routing(false);
        actions.softwareCard = true;
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F8, X_F8, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F8, X_F8, GLFW_RELEASE, 0, guest);
        routing.key(GLFW_KEY_F9, X_F9, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F9, X_F9, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("insert card", "remove card"), actions.done);
        assertEquals(List.of("press 2a"), guest.take(), "F8 and F9 never reach the guest");

        actions.softwareCard = false;
        routing.key(GLFW_KEY_F8, X_F8, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F8, X_F8, GLFW_RELEASE, 0, guest);
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("insert card", "remove card"), actions.done, "no card, no action");
        assertEquals(List.of("press 42", "release 42", "release 2a"), guest.take());
    }

    /** Presses the modifiers, taps the key, and lets the modifiers go in reverse. */
    private static void chord(KeyboardRouting routing, RecordingInputs guest, int[][] keys) {
        for (int[] key : keys) {
            routing.key(key[0], key[1], GLFW_PRESS, 0, guest);
        }
        for (int i = keys.length - 1; i >= 0; i--) {
            routing.key(keys[i][0], keys[i][1], GLFW_RELEASE, 0, guest);
        }
    }

    private static final int[] CTRL = {GLFW_KEY_LEFT_CONTROL, X_LEFT_CONTROL};
    private static final int[] ALT = {GLFW_KEY_LEFT_ALT, X_LEFT_ALT};
    private static final int[] SHIFT = {GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT};

    @Test
    void theSecureAttentionHotkeySendsCtrlAltDelInsteadOfItsEnd() {
        KeyboardRouting routing = routing(false);
        chord(routing, guest, new int[][]{CTRL, ALT, {GLFW_KEY_END, X_END}});
        assertEquals(List.of("release pointer", "secure attention"), actions.done, "Ctrl+Alt is release-cursor's");
        assertEquals(List.of("press 1d", "press 38", "release 38", "release 1d"), guest.take(),
                "End never reaches the guest; the held Ctrl and Alt do, as typed");
    }

    @Test
    void theZoomKeysAreRemoteViewersWithOrWithoutShiftAndOnTheKeypad() {
        KeyboardRouting routing = routing(false);
        chord(routing, guest, new int[][]{CTRL, {GLFW_KEY_EQUAL, X_EQUAL}});
        chord(routing, guest, new int[][]{CTRL, SHIFT, {GLFW_KEY_EQUAL, X_EQUAL}});
        chord(routing, guest, new int[][]{CTRL, {GLFW_KEY_KP_ADD, X_KP_ADD}});
        chord(routing, guest, new int[][]{CTRL, {GLFW_KEY_MINUS, X_MINUS}});
        chord(routing, guest, new int[][]{CTRL, {GLFW_KEY_0, X_0}});
        chord(routing, guest, new int[][]{CTRL, {GLFW_KEY_KP_0, X_KP_0}});
        assertEquals(List.of("zoom in", "zoom in", "zoom in", "zoom out", "zoom reset", "zoom reset"), actions.done);
        assertFalse(guest.take().stream().anyMatch(line -> line.matches("(press|release) (d|c|4e|b|52)")),
                "=, -, 0 and their keypad keys stay with the window");
        chord(routing, guest, new int[][]{SHIFT, {GLFW_KEY_EQUAL, X_EQUAL}});
        assertEquals(List.of("press 2a", "press d", "release d", "release 2a"), guest.take(), "+ without Ctrl is typed");
    }

    @Test
    void theUsbResetHotkeyUnplugsTheDevicesAndWithoutAnyIsTheGuests() {
        KeyboardRouting routing = routing(false);
        chord(routing, guest, new int[][]{CTRL, SHIFT, {GLFW_KEY_R, X_R}});
        assertEquals(List.of(), actions.done);
        assertEquals(List.of("press 1d", "press 2a", "press 13", "release 13", "release 2a", "release 1d"),
                guest.take());
        actions.usbDevices = true;
        chord(routing, guest, new int[][]{CTRL, SHIFT, {GLFW_KEY_R, X_R}});
        assertEquals(List.of("reset usb"), actions.done);
        assertEquals(List.of("press 1d", "press 2a", "release 2a", "release 1d"), guest.take());
    }

    @Test
    void theMenuHotkeyOpensTheMenuWhichTakesEveryKeyUntilItCloses() {
        KeyboardRouting routing = routing(false);
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F10, X_F10, GLFW_PRESS, 0, guest);
        assertEquals(List.of("open menu"), actions.done);
        assertEquals(List.of("press 2a", "release 2a"), guest.take(), "the guest does not keep Shift down");
        routing.key(GLFW_KEY_F10, X_F10, GLFW_RELEASE, 0, guest);
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_RELEASE, 0, guest);
        routing.key(GLFW_KEY_DOWN, X_DOWN, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_DOWN, X_DOWN, GLFW_REPEAT, 0, guest);
        routing.key(GLFW_KEY_DOWN, X_DOWN, GLFW_RELEASE, 0, guest);
        routing.key(GLFW_KEY_ENTER, X_RETURN, GLFW_PRESS, 0, guest);
        actions.menuOpen = false;
        routing.key(GLFW_KEY_ENTER, X_RETURN, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("open menu", "menu key " + GLFW_KEY_DOWN, "menu key " + GLFW_KEY_DOWN,
                "menu key " + GLFW_KEY_ENTER), actions.done);
        assertEquals(List.of(), guest.take(), "nothing the menu took reaches the guest, the Enter that closed it "
                + "included");

        actions.done.clear();
        chord(routing, guest, new int[][]{SHIFT, {GLFW_KEY_F10, X_F10}});
        chord(routing, guest, new int[][]{SHIFT, {GLFW_KEY_F10, X_F10}});
        assertEquals(List.of("open menu", "menu key " + GLFW_KEY_LEFT_SHIFT, "close menu"), actions.done,
                "the hotkey closes it again");
        assertEquals(List.of("press 2a", "release 2a"), guest.take());
    }

    @Test
    void kioskModeHasNoHotkeys() {
        KeyboardRouting routing = routing(true);
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_F11, X_F11, GLFW_PRESS, 0, guest);
        assertEquals(List.of(), actions.done);
        assertEquals(List.of("press 2a", "press 57"), guest.take());
    }

    @Test
    void escapeCancelsRunningTransfersAndOtherwiseReachesTheGuest() {
        KeyboardRouting routing = routing(false);
        actions.transfersRunning = true;
        routing.key(GLFW_KEY_ESCAPE, X_ESCAPE, GLFW_PRESS, 0, guest);
        actions.transfersRunning = false;
        routing.key(GLFW_KEY_ESCAPE, X_ESCAPE, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("cancel transfers"), actions.done);
        assertEquals(List.of(), guest.take(), "the cancelling Esc is the window's, release included");
        routing.key(GLFW_KEY_ESCAPE, X_ESCAPE, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_ESCAPE, X_ESCAPE, GLFW_RELEASE, 0, guest);
        assertEquals(List.of("press 1", "release 1"), guest.take());
    }

    @Test
    void theLocksAreMatchedOncePerFocusKeepingScrollLock() {
        KeyboardRouting routing = new KeyboardRouting(Hotkeys.DEFAULTS, false, actions, actions,
                new KeyToPresentTracker());
        guest.locks = EnumSet.of(KeyLock.SCROLL_LOCK, KeyLock.NUM_LOCK);
        routing.key(GLFW_KEY_A, X_A, GLFW_PRESS, GLFW_MOD_CAPS_LOCK, guest);
        routing.key(GLFW_KEY_A, X_A, GLFW_RELEASE, GLFW_MOD_NUM_LOCK, guest);
        assertEquals(List.of("locks [SCROLL_LOCK, CAPS_LOCK]", "press 1e", "release 1e"), guest.take());
        routing.focusChanged(false, guest);
        routing.focusChanged(true, guest);
        routing.key(GLFW_KEY_A, X_A, GLFW_PRESS, GLFW_MOD_CAPS_LOCK, guest);
        assertEquals(List.of("press 1e"), guest.take(), "the locks already match");
        routing.focusChanged(false, guest);
        routing.focusChanged(true, guest);
        routing.key(GLFW_KEY_A, X_A, GLFW_PRESS, 0, guest);
        assertEquals(List.of("release 1e", "locks [SCROLL_LOCK]", "press 1e"), guest.take(),
                "the focus loss released A; Caps Lock went off elsewhere");
    }

    @Test
    void losingTheFocusReleasesHeldKeysAndForgetsHeldModifiers() {
        KeyboardRouting routing = routing(false);
        routing.key(GLFW_KEY_LEFT_SHIFT, X_LEFT_SHIFT, GLFW_PRESS, 0, guest);
        routing.key(GLFW_KEY_A, X_A, GLFW_PRESS, 0, guest);
        routing.focusChanged(false, guest);
        assertEquals(List.of("press 2a", "press 1e", "release 2a", "release 1e"), guest.take());
        routing.focusChanged(true, guest);
        routing.key(GLFW_KEY_F11, X_F11, GLFW_PRESS, 0, guest);
        assertEquals(List.of(), actions.done, "Shift went up elsewhere: F11 alone is no hotkey");
        assertEquals(List.of("press 57"), guest.take());
    }

    @Test
    void theKeyboardIsGrabbedWhileFocusedWithThePointerInUnlessTheSessionInhibitsIt() {
        assertTrue(KeyboardRouting.keyboardGrabWanted(false, true, false, true, false));
        assertTrue(KeyboardRouting.keyboardGrabWanted(false, true, false, false, true), "a grabbed pointer counts");
        assertFalse(KeyboardRouting.keyboardGrabWanted(true, true, false, true, true), "inhibit-keyboard-grab");
        assertFalse(KeyboardRouting.keyboardGrabWanted(false, false, false, true, true), "no focus");
        assertFalse(KeyboardRouting.keyboardGrabWanted(false, true, true, true, true), "the session ended");
        assertFalse(KeyboardRouting.keyboardGrabWanted(false, true, false, false, false), "the pointer is elsewhere");
    }
}
