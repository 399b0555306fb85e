package dev.saffron.gl.internal;

import java.util.OptionalInt;

/**
 * Physical keys as Linux numbers them (evdev codes, {@code KEY_*} in {@code linux/input-event-codes.h}) to
 * the PC/XT set-1 key codes {@code InputsChannel} takes. Keys go by position, not by symbol, so the guest
 * applies its own layout whatever the host's is. On X11 a key's X keycode is its evdev code plus
 * {@link #X11_KEYCODE_OFFSET}; GLFW reports that keycode as the key's scancode (on Wayland too).
 */
public final class EvdevScancodes {
    /** X servers with the evdev or libinput driver number keys 8 above their evdev codes. */
    public static final int X11_KEYCODE_OFFSET = 8;

    /** Pause: set 1 sends it as E1 1D 45 on press and nothing on release; see {@code InputsChannel}. */
    public static final int PAUSE = 0x21D;

    /**
     * Set-1 codes from evdev code 84 on; 0 where set 1 has no key. Codes 1 to 83 (Esc to the keypad's dot)
     * are the same number in both.
     */
    private static final int[] ABOVE_KEYPAD = new int[196];
    private static final int IDENTICAL_UP_TO = 83;

    static {
        put(85, 0x76);      // KEY_ZENKAKUHANKAKU
        put(86, 0x56);      // KEY_102ND, the key between left Shift and Z on ISO keyboards
        put(87, 0x57);      // KEY_F11
        put(88, 0x58);      // KEY_F12
        put(89, 0x73);      // KEY_RO
        put(90, 0x78);      // KEY_KATAKANA
        put(91, 0x77);      // KEY_HIRAGANA
        put(92, 0x79);      // KEY_HENKAN
        put(93, 0x70);      // KEY_KATAKANAHIRAGANA
        put(94, 0x7B);      // KEY_MUHENKAN
        put(95, 0x5C);      // KEY_KPJPCOMMA
        put(96, 0x11C);     // KEY_KPENTER
        put(97, 0x11D);     // KEY_RIGHTCTRL
        put(98, 0x135);     // KEY_KPSLASH
        put(99, 0x137);     // KEY_SYSRQ (Print Screen)
        put(100, 0x138);    // KEY_RIGHTALT
        put(102, 0x147);    // KEY_HOME
        put(103, 0x148);    // KEY_UP
        put(104, 0x149);    // KEY_PAGEUP
        put(105, 0x14B);    // KEY_LEFT
        put(106, 0x14D);    // KEY_RIGHT
        put(107, 0x14F);    // KEY_END
        put(108, 0x150);    // KEY_DOWN
        put(109, 0x151);    // KEY_PAGEDOWN
        put(110, 0x152);    // KEY_INSERT
        put(111, 0x153);    // KEY_DELETE
        put(113, 0x120);    // KEY_MUTE
        put(114, 0x12E);    // KEY_VOLUMEDOWN
        put(115, 0x130);    // KEY_VOLUMEUP
        put(116, 0x15E);    // KEY_POWER
        put(117, 0x59);     // KEY_KPEQUAL
        put(119, PAUSE);    // KEY_PAUSE
        put(121, 0x7E);     // KEY_KPCOMMA
        put(124, 0x7D);     // KEY_YEN
        put(125, 0x15B);    // KEY_LEFTMETA
        put(126, 0x15C);    // KEY_RIGHTMETA
        put(127, 0x15D);    // KEY_COMPOSE (the menu key)
        put(142, 0x15F);    // KEY_SLEEP
        put(143, 0x163);    // KEY_WAKEUP
        put(163, 0x119);    // KEY_NEXTSONG
        put(164, 0x122);    // KEY_PLAYPAUSE
        put(165, 0x110);    // KEY_PREVIOUSSONG
        put(166, 0x124);    // KEY_STOPCD
        int[] f13ToF24 = {0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x76};
        for (int i = 0; i < f13ToF24.length; i++) {
            put(183 + i, f13ToF24[i]);  // KEY_F13 to KEY_F24
        }
    }

    private EvdevScancodes() {
    }

    private static void put(int evdev, int setOne) {
        ABOVE_KEYPAD[evdev] = setOne;
    }

    /** @return the set-1 key code of an evdev key, empty for keys set 1 cannot express */
    public static OptionalInt fromEvdev(int evdev) {
        if (evdev >= 1 && evdev <= IDENTICAL_UP_TO) {
            return OptionalInt.of(evdev);
        }
        if (evdev > IDENTICAL_UP_TO && evdev < ABOVE_KEYPAD.length && ABOVE_KEYPAD[evdev] != 0) {
            return OptionalInt.of(ABOVE_KEYPAD[evdev]);
        }
        return OptionalInt.empty();
    }

    /** @return the set-1 key code of an X11 keycode (GLFW's scancode), empty for keys set 1 cannot express */
    public static OptionalInt fromX11Keycode(int keycode) {
        return fromEvdev(keycode - X11_KEYCODE_OFFSET);
    }
}
