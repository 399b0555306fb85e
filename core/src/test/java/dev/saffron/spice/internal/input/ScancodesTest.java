package dev.saffron.spice.internal.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Key codes against the byte sequences a PC keyboard sends (protocol reference §5). */
class ScancodesTest {
    @Test
    void plainKeyIsItsMakeCodeAndBreakCode() {
        // A: make 1E, break 9E.
        assertEquals(0x1E, Scancodes.wireCode(0x1E, false));
        assertEquals(0x9E, Scancodes.wireCode(0x1E, true));
    }

    @Test
    void extendedKeyPutsTheE0PrefixInTheLowByte() {
        // Right Ctrl: E0 1D down, E0 9D up; the server sends the bytes from the low one up.
        assertEquals(0x1DE0, Scancodes.wireCode(0x11D, false));
        assertEquals(0x9DE0, Scancodes.wireCode(0x11D, true));
    }

    @Test
    void pausePrefixIsE1() {
        // Pause on the wire is E1 1D 45 E1 9D C5: 0x21D then 0x45, pressed and released.
        assertEquals(0x1DE1, Scancodes.wireCode(0x21D, false));
        assertEquals(0x9DE1, Scancodes.wireCode(0x21D, true));
        assertEquals(0x45, Scancodes.wireCode(0x45, false));
        assertEquals(0xC5, Scancodes.wireCode(0x45, true));
    }

    @Test
    void pressAndReleaseIsMakeBytesThenBreakBytes() {
        assertArrayEquals(new byte[]{0x01, (byte) 0x81}, Scancodes.pressAndRelease(0x01));
        // Left arrow: E0 4B, E0 CB.
        assertArrayEquals(new byte[]{(byte) 0xE0, 0x4B, (byte) 0xE0, (byte) 0xCB}, Scancodes.pressAndRelease(0x14B));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 0x80, 0x9E, 0x100, 0x180, 0x31D, 0x41E, -1, 0x1_001E})
    void codesThatAreNotMakeCodesAreRejected(int key) {
        assertThrows(IllegalArgumentException.class, () -> Scancodes.check(key));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x7F, 0x11D, 0x15B, 0x21D})
    void makeCodesWithOrWithoutAPrefixAreAccepted(int key) {
        Scancodes.check(key);
    }
}
