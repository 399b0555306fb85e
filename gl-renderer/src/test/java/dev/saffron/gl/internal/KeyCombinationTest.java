package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyCombinationTest {
    @Test
    void aCombinationGoesDownInOrderAndComesUpInReverse() {
        RecordingInputs guest = new RecordingInputs();
        KeyCombination.CTRL_ALT_DEL.send(guest);
        assertEquals(List.of("press 1d", "press 38", "press 153", "release 153", "release 38", "release 1d"),
                guest.take());
        KeyCombination.CTRL_ALT_DEL.send(null);
    }

    @Test
    void theMenuHasRemoteViewersCombinationsWithTheirSetOneCodes() {
        List<KeyCombination> menu = KeyCombination.menu();
        assertEquals(15, menu.size());
        assertEquals("Ctrl+Alt+Del", menu.get(0).label());
        assertEquals(List.of(0x1D, 0x38, 0x0E), menu.get(1).scancodes(), "Ctrl+Alt+Backspace");
        assertEquals(List.of(0x1D, 0x38, 0x3B), menu.get(2).scancodes(), "Ctrl+Alt+F1");
        assertEquals(List.of(0x1D, 0x38, 0x44), menu.get(11).scancodes(), "Ctrl+Alt+F10");
        assertEquals(List.of(0x1D, 0x38, 0x57), menu.get(12).scancodes(), "Ctrl+Alt+F11");
        assertEquals(List.of(0x1D, 0x38, 0x58), menu.get(13).scancodes(), "Ctrl+Alt+F12");
        assertEquals("PrintScreen", menu.get(14).label());
        assertEquals(List.of(0x137), menu.get(14).scancodes());
        // The same codes the window sends for the keys typed: F1 is X keycode 67, F12 96, Print 107.
        assertEquals(EvdevScancodes.fromX11Keycode(67).getAsInt(), KeyCombination.functionKey(1));
        assertEquals(EvdevScancodes.fromX11Keycode(96).getAsInt(), KeyCombination.functionKey(12));
        assertEquals(EvdevScancodes.fromX11Keycode(107).getAsInt(), menu.get(14).scancodes().getFirst());
        assertEquals(EvdevScancodes.fromX11Keycode(119).getAsInt(), menu.get(0).scancodes().getLast(), "Delete");
        assertThrows(IllegalArgumentException.class, () -> KeyCombination.functionKey(13));
        assertThrows(IllegalArgumentException.class, () -> new KeyCombination("nothing", List.of()));
    }
}
