package dev.saffron.gl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A key combination the window types into the guest for the user, as remote-viewer's "Send key" menu does: keys
 * the host's desktop would take for itself (Ctrl+Alt+Del, Ctrl+Alt+F1 to switch consoles) or that a keyboard
 * may lack. The keys go down in order and come up in the reverse order, so the guest sees one chord.
 *
 * @param label     the name the menu shows, such as {@code Ctrl+Alt+Del}
 * @param scancodes the keys' set-1 codes in the order they are pressed (extended keys as {@code 0x100 | code})
 */
public record KeyCombination(String label, List<Integer> scancodes) {
    private static final int CTRL = 0x1D;
    private static final int ALT = 0x38;
    private static final int DELETE = 0x153;
    private static final int BACKSPACE = 0x0E;
    private static final int PRINT_SCREEN = 0x137;
    /** F1 to F10 are consecutive; F11 and F12 came later and sit elsewhere in set 1. */
    private static final int F1 = 0x3B;
    private static final int F11 = 0x57;

    /** Ctrl+Alt+Del, the secure attention sequence. */
    public static final KeyCombination CTRL_ALT_DEL = new KeyCombination("Ctrl+Alt+Del", List.of(CTRL, ALT, DELETE));

    /** @throws IllegalArgumentException if there are no keys */
    public KeyCombination {
        Objects.requireNonNull(label, "label");
        scancodes = List.copyOf(scancodes);
        if (scancodes.isEmpty()) {
            throw new IllegalArgumentException("a key combination needs a key");
        }
    }

    /** @return remote-viewer's list: Ctrl+Alt+Del, Ctrl+Alt+Backspace, Ctrl+Alt+F1 to F12, PrintScreen */
    public static List<KeyCombination> menu() {
        List<KeyCombination> combinations = new ArrayList<>();
        combinations.add(CTRL_ALT_DEL);
        combinations.add(new KeyCombination("Ctrl+Alt+Backspace", List.of(CTRL, ALT, BACKSPACE)));
        for (int n = 1; n <= 12; n++) {
            combinations.add(new KeyCombination("Ctrl+Alt+F" + n, List.of(CTRL, ALT, functionKey(n))));
        }
        combinations.add(new KeyCombination("PrintScreen", List.of(PRINT_SCREEN)));
        return List.copyOf(combinations);
    }

    /** @return the set-1 code of function key F{@code n}, n from 1 to 12 */
    static int functionKey(int n) {
        if (n < 1 || n > 12) {
            throw new IllegalArgumentException("F" + n + " is not a function key");
        }
        return n <= 10 ? F1 + n - 1 : F11 + n - 11;
    }

    /**
     * Types the combination into the guest.
     *
     * @param inputs the guest, or null while there is none (nothing is sent)
     */
    public void send(GuestInputs inputs) {
        if (inputs == null) {
            return;
        }
        for (int code : scancodes) {
            inputs.keyPress(code);
        }
        for (int i = scancodes.size() - 1; i >= 0; i--) {
            inputs.keyRelease(scancodes.get(i));
        }
    }
}
