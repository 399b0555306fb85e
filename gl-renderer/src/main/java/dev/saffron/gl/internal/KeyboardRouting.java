package dev.saffron.gl.internal;

import dev.saffron.gl.Hotkeys;
import dev.saffron.spice.KeyLock;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import static org.lwjgl.glfw.GLFW.GLFW_KEY_ESCAPE;
import static org.lwjgl.glfw.GLFW.GLFW_MOD_CAPS_LOCK;
import static org.lwjgl.glfw.GLFW.GLFW_MOD_NUM_LOCK;
import static org.lwjgl.glfw.GLFW.GLFW_PRESS;
import static org.lwjgl.glfw.GLFW.GLFW_RELEASE;

/**
 * Decides where each of the window's key events goes: to the window itself (the hotkeys, and Esc while files
 * are being sent) or to the guest, whose lock keys are first matched to the host's once per focus. A key the
 * window took is taken whole: its repeats and its release do not reach the guest either. Window thread only.
 */
public final class KeyboardRouting {
    /** What the window does for the keys it keeps. */
    public interface Actions {
        /** @return whether dropped files are being sent, when Esc cancels them */
        boolean transfersRunning();

        /** Cancels the running file transfers. */
        void cancelTransfers();

        /** Switches between full screen and a window. */
        void toggleFullScreen();

        /** Lets go of the pointer (and the keyboard) grab. */
        void releasePointer();

        /** @return whether a software smartcard was there to put in its reader */
        boolean insertSmartcard();

        /** @return whether a software smartcard was there to take out of its reader */
        boolean removeSmartcard();
    }

    /**
     * The window's controls that are not the window's own geometry: its menu, the keys it types for the user,
     * the zoom and the USB devices.
     */
    public interface Controls {
        /** @return whether the menu is shown, when every key goes to it */
        boolean menuOpen();

        /** Opens the menu. */
        void openMenu();

        /** Closes the menu. */
        void closeMenu();

        /** A key pressed or repeated while the menu is shown. */
        void menuKey(int glfwKey);

        /** Types Ctrl+Alt+Del into the guest. */
        void secureAttention();

        /** @return whether there were USB devices to reset (unplug), else the key is the guest's */
        boolean resetUsbDevices();

        /** Zooms one step in. */
        void zoomIn();

        /** Zooms one step out. */
        void zoomOut();

        /** Zooms back to 100 percent. */
        void zoomReset();
    }

    private final Hotkeys hotkeys;
    private final boolean kiosk;
    private final Actions actions;
    private final Controls controls;
    private final KeyToPresentTracker keyToPresent;
    private final HotkeyMatcher hotkeyMatcher = new HotkeyMatcher();
    private final KeyboardInput keyboard = new KeyboardInput();
    /** GLFW keys the window took on their press, whose repeats and release are dropped. */
    private final Set<Integer> keptKeys = new HashSet<>();
    private boolean locksToMatch = true;

    /**
     * @param hotkeys the window's hotkeys
     * @param kiosk   whether the hotkeys are off, as in kiosk mode
     * @param actions  what the kept keys do
     * @param controls the menu, send-key, zoom and USB keys' targets
     * @param keyToPresent hears the presses that reach the callback and those that go to the guest
     */
    public KeyboardRouting(Hotkeys hotkeys, boolean kiosk, Actions actions, Controls controls,
                           KeyToPresentTracker keyToPresent) {
        this.hotkeys = Objects.requireNonNull(hotkeys, "hotkeys");
        this.kiosk = kiosk;
        this.actions = Objects.requireNonNull(actions, "actions");
        this.controls = Objects.requireNonNull(controls, "controls");
        this.keyToPresent = Objects.requireNonNull(keyToPresent, "keyToPresent");
    }

    /**
     * Whether the window holds the X keyboard grab, which sends the desktop's own shortcuts (Alt+Tab, the
     * Super key) to the guest: while the window has the focus, its session lives and the pointer is inside
     * it or grabbed by it — unless the session's {@code inhibit-keyboard-grab} asks displays not to grab, as
     * spice-gtk's widget honours it; keys then still reach the guest while the window has the focus.
     */
    public static boolean keyboardGrabWanted(boolean inhibited, boolean focused, boolean sessionEnded,
                                             boolean pointerInside, boolean pointerGrabbed) {
        return !inhibited && focused && !sessionEnded && (pointerInside || pointerGrabbed);
    }

    /**
     * Routes one GLFW key event.
     *
     * @param inputs the guest, or null while there is none (its keys are dropped)
     */
    public void key(int glfwKey, int scancode, int action, int mods, GuestInputs inputs) {
        boolean down = action != GLFW_RELEASE;
        if (down) {
            keyToPresent.pressReceived();
        }
        hotkeyMatcher.track(glfwKey, down);
        if (controls.menuOpen()) {
            // The menu is a dialog: its keys are all its own, and the one that closes it ends there too.
            if (down) {
                keptKeys.add(glfwKey);
                if (action == GLFW_PRESS && hotkeyMatcher.matches(hotkeys.menu(), glfwKey)) {
                    controls.closeMenu();
                } else {
                    controls.menuKey(glfwKey);
                }
            } else {
                keptKeys.remove(glfwKey);
            }
            return;
        }
        if (action == GLFW_PRESS && glfwKey == GLFW_KEY_ESCAPE && actions.transfersRunning()) {
            // While files are sent the progress bar is a dialog of sorts, and Esc cancels it.
            keptKeys.add(glfwKey);
            actions.cancelTransfers();
            return;
        }
        if (action == GLFW_PRESS && !kiosk) {
            if (hotkeyMatcher.matches(hotkeys.toggleFullscreen(), glfwKey)) {
                keptKeys.add(glfwKey);
                actions.toggleFullScreen();
                return;
            }
            // Without a software card these keys are the guest's, as they would be had remote-viewer none.
            if (hotkeyMatcher.matches(hotkeys.smartcardInsert(), glfwKey) && actions.insertSmartcard()
                    || hotkeyMatcher.matches(hotkeys.smartcardRemove(), glfwKey) && actions.removeSmartcard()) {
                keptKeys.add(glfwKey);
                return;
            }
            if (hotkeyMatcher.matches(hotkeys.menu(), glfwKey)) {
                keptKeys.add(glfwKey);
                // The guest would otherwise keep the keys held to open the menu down while it is shown.
                keyboard.releaseAll(inputs);
                controls.openMenu();
                return;
            }
            if (keptControl(glfwKey)) {
                keptKeys.add(glfwKey);
                return;
            }
            if (hotkeyMatcher.matches(hotkeys.releaseCursor(), glfwKey)) {
                // A modifiers-only combination is also typed into the guest, as spice-gtk's grab sequence is.
                if (hotkeys.releaseCursor().key().isPresent()) {
                    keptKeys.add(glfwKey);
                    actions.releasePointer();
                    return;
                }
                actions.releasePointer();
            }
        }
        if (!down && keptKeys.remove(glfwKey)) {
            return;
        }
        if (down && keptKeys.contains(glfwKey)) {
            return;
        }
        matchLocks(mods, inputs);
        if (keyboard.key(inputs, scancode, down) && down) {
            keyToPresent.pressSent(scancode);
        }
    }

    /** @return whether the key completed a hotkey of the controls, which then acted */
    private boolean keptControl(int glfwKey) {
        if (hotkeyMatcher.matches(hotkeys.secureAttention(), glfwKey)) {
            controls.secureAttention();
        } else if (hotkeyMatcher.matches(hotkeys.zoomIn(), glfwKey)) {
            controls.zoomIn();
        } else if (hotkeyMatcher.matches(hotkeys.zoomOut(), glfwKey)) {
            controls.zoomOut();
        } else if (hotkeyMatcher.matches(hotkeys.zoomReset(), glfwKey)) {
            controls.zoomReset();
        } else {
            // Without redirected devices the key is the guest's, as the smartcard keys are without a card.
            return hotkeyMatcher.matches(hotkeys.usbDeviceReset(), glfwKey) && controls.resetUsbDevices();
        }
        return true;
    }

    /**
     * The window got or lost the keyboard. Losing it releases every key the guest holds, since their releases
     * will go elsewhere; getting it back matches the locks again before the next key.
     */
    public void focusChanged(boolean gained, GuestInputs inputs) {
        locksToMatch = gained;
        if (!gained) {
            keyboard.releaseAll(inputs);
            hotkeyMatcher.clear();
            keptKeys.clear();
        }
    }

    /**
     * Once per focus, before the first key reaches the guest, sets the guest's Caps Lock and Num Lock to the
     * host's, as spice-gtk does when its widget gets the focus: the locks may have changed while the window did
     * not have the keyboard. GLFW tells the host's state only with key events, as it was before the key, so a
     * lock key pressed then toggles both alike. Scroll Lock, which GLFW does not report, stays as the guest has it.
     */
    private void matchLocks(int mods, GuestInputs inputs) {
        if (!locksToMatch || inputs == null) {
            return;
        }
        locksToMatch = false;
        Set<KeyLock> host = EnumSet.noneOf(KeyLock.class);
        if ((mods & GLFW_MOD_CAPS_LOCK) != 0) {
            host.add(KeyLock.CAPS_LOCK);
        }
        if ((mods & GLFW_MOD_NUM_LOCK) != 0) {
            host.add(KeyLock.NUM_LOCK);
        }
        if (inputs.keyLocks().contains(KeyLock.SCROLL_LOCK)) {
            host.add(KeyLock.SCROLL_LOCK);
        }
        if (!host.equals(inputs.keyLocks())) {
            inputs.setKeyLocks(host);
        }
    }
}
