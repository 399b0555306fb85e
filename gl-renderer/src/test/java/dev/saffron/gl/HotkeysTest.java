package dev.saffron.gl;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HotkeysTest {
    @Test
    void remoteViewerSyntaxParses() {
        Hotkey hotkey = Hotkey.parse("Shift+F11");
        assertEquals(Set.of(Hotkey.Modifier.SHIFT), hotkey.modifiers());
        assertEquals(Optional.of("f11"), hotkey.key());
        assertEquals("shift+f11", hotkey.toString());

        Hotkey release = Hotkey.parse("ctrl+alt");
        assertEquals(Set.of(Hotkey.Modifier.CTRL, Hotkey.Modifier.ALT), release.modifiers());
        assertTrue(release.key().isEmpty());
        assertEquals(Hotkey.parse("control+alt"), release);
        assertEquals(Hotkey.parse("ctrl+alt+r"), Hotkey.parse("alt+ctrl+R"));
    }

    @Test
    void aListSetsTheActionsItNamesAndKeepsTheOthers() {
        Hotkeys hotkeys = Hotkeys.parse("release-cursor=shift+f12");
        assertEquals(Hotkey.parse("shift+f12"), hotkeys.releaseCursor());
        assertEquals(Hotkeys.DEFAULTS.toggleFullscreen(), hotkeys.toggleFullscreen());

        Hotkeys both = Hotkeys.parse("toggle-fullscreen=ctrl+alt+f,release-cursor=ctrl+shift");
        assertEquals(Hotkey.parse("ctrl+alt+f"), both.toggleFullscreen());
        assertEquals(Hotkey.parse("shift+ctrl"), both.releaseCursor());

        assertEquals(Hotkey.parse("shift+f8"), Hotkeys.DEFAULTS.smartcardInsert(), "remote-viewer's default");
        assertEquals(Hotkey.parse("shift+f9"), Hotkeys.DEFAULTS.smartcardRemove(), "remote-viewer's default");
        Hotkeys cards = both.with("smartcard-insert=ctrl+f5, smartcard-remove=ctrl+f6");
        assertEquals(Hotkey.parse("ctrl+f5"), cards.smartcardInsert());
        assertEquals(Hotkey.parse("ctrl+f6"), cards.smartcardRemove());
        assertEquals(both.toggleFullscreen(), cards.toggleFullscreen(), "with() keeps what it does not name");
    }

    @Test
    void remoteViewersOtherActionsHaveItsDefaultsAndParse() {
        assertEquals(Hotkey.parse("ctrl+alt+end"), Hotkeys.DEFAULTS.secureAttention());
        assertEquals(Hotkey.parse("ctrl+shift+r"), Hotkeys.DEFAULTS.usbDeviceReset());
        assertEquals(Hotkey.parse("ctrl+plus"), Hotkeys.DEFAULTS.zoomIn());
        assertEquals(Hotkey.parse("ctrl+minus"), Hotkeys.DEFAULTS.zoomOut());
        assertEquals(Hotkey.parse("ctrl+0"), Hotkeys.DEFAULTS.zoomReset());
        assertEquals(Hotkey.parse("shift+f10"), Hotkeys.DEFAULTS.menu());

        Hotkeys custom = Hotkeys.parse("secure-attention=ctrl+alt+insert,usb-device-reset=ctrl+alt+u,"
                + "zoom-in=ctrl+kp_add,zoom-out=ctrl+kp_subtract,zoom-reset=ctrl+kp_0,menu=ctrl+alt+m");
        assertEquals(Hotkey.parse("ctrl+alt+insert"), custom.secureAttention());
        assertEquals(Hotkey.parse("alt+ctrl+u"), custom.usbDeviceReset());
        assertEquals(Optional.of("kp_add"), custom.zoomIn().key());
        assertEquals(Optional.of("kp_subtract"), custom.zoomOut().key());
        assertEquals(Optional.of("kp_0"), custom.zoomReset().key());
        assertEquals(Hotkey.parse("ctrl+alt+m"), custom.menu());
        assertEquals(Hotkeys.DEFAULTS.toggleFullscreen(), custom.toggleFullscreen());
        assertEquals(Hotkeys.ACTIONS, custom.byAction().keySet(), "every action has its hotkey");
    }

    @Test
    void mistakesAreRefusedWithTheirReason() {
        assertThrows(IllegalArgumentException.class, () -> Hotkey.parse("shift+nosuchkey"));
        assertThrows(IllegalArgumentException.class, () -> Hotkey.parse("a+b"));
        assertThrows(IllegalArgumentException.class, () -> Hotkey.parse("shift"));
        assertThrows(IllegalArgumentException.class, () -> Hotkey.parse(""));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Hotkeys.parse("zoom-sideways=ctrl+f"));
        assertTrue(unknown.getMessage().contains("zoom-sideways"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("secure-attention"), "it lists what there is: " + unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hotkeys.parse("toggle-fullscreen"));
    }
}
