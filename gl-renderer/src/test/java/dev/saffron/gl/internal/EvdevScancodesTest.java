package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvdevScancodesTest {
    @Test
    void x11KeycodesOfAPcKeyboardBecomeTheirSetOneCodes() {
        // X keycodes as an X server with the evdev rules numbers them, and the key each is on a PC keyboard.
        assertEquals(OptionalInt.of(0x01), EvdevScancodes.fromX11Keycode(9), "Escape");
        assertEquals(OptionalInt.of(0x1E), EvdevScancodes.fromX11Keycode(38), "A (Q on AZERTY: same key)");
        assertEquals(OptionalInt.of(0x1C), EvdevScancodes.fromX11Keycode(36), "Return");
        assertEquals(OptionalInt.of(0x1D), EvdevScancodes.fromX11Keycode(37), "left Control");
        assertEquals(OptionalInt.of(0x38), EvdevScancodes.fromX11Keycode(64), "left Alt");
        assertEquals(OptionalInt.of(0x53), EvdevScancodes.fromX11Keycode(91), "keypad dot");
        assertEquals(OptionalInt.of(0x56), EvdevScancodes.fromX11Keycode(94), "the ISO key left of Z");
        assertEquals(OptionalInt.of(0x57), EvdevScancodes.fromX11Keycode(95), "F11");
        assertEquals(OptionalInt.of(0x58), EvdevScancodes.fromX11Keycode(96), "F12");
        assertEquals(OptionalInt.of(0x11C), EvdevScancodes.fromX11Keycode(104), "keypad Enter");
        assertEquals(OptionalInt.of(0x11D), EvdevScancodes.fromX11Keycode(105), "right Control");
        assertEquals(OptionalInt.of(0x138), EvdevScancodes.fromX11Keycode(108), "right Alt (AltGr)");
        assertEquals(OptionalInt.of(0x148), EvdevScancodes.fromX11Keycode(111), "Up");
        assertEquals(OptionalInt.of(0x14B), EvdevScancodes.fromX11Keycode(113), "Left");
        assertEquals(OptionalInt.of(0x153), EvdevScancodes.fromX11Keycode(119), "Delete");
        assertEquals(OptionalInt.of(EvdevScancodes.PAUSE), EvdevScancodes.fromX11Keycode(127), "Pause");
        assertEquals(OptionalInt.of(0x15B), EvdevScancodes.fromX11Keycode(133), "left logo key");
        assertEquals(OptionalInt.of(0x15D), EvdevScancodes.fromX11Keycode(135), "Menu");
    }

    @Test
    void keysSetOneCannotExpressAreLeftOut() {
        assertTrue(EvdevScancodes.fromEvdev(0).isEmpty(), "KEY_RESERVED");
        assertTrue(EvdevScancodes.fromEvdev(84).isEmpty(), "no key has evdev code 84");
        assertTrue(EvdevScancodes.fromEvdev(240).isEmpty(), "KEY_UNKNOWN");
        assertTrue(EvdevScancodes.fromX11Keycode(0).isEmpty());
        assertTrue(EvdevScancodes.fromX11Keycode(-1).isEmpty());
        assertTrue(EvdevScancodes.fromX11Keycode(100_000).isEmpty());
    }

    @Test
    void everyMappedCodeIsOneInputsChannelAccepts() {
        for (int evdev = 0; evdev < 300; evdev++) {
            OptionalInt code = EvdevScancodes.fromEvdev(evdev);
            if (code.isPresent()) {
                int key = code.getAsInt();
                assertTrue((key & 0x7F) != 0 && (key & 0x80) == 0 && key >>> 8 <= 2, "evdev " + evdev + " -> " + key);
            }
        }
    }
}
