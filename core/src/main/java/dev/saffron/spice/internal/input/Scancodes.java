package dev.saffron.spice.internal.input;

/**
 * Key codes as SPICE carries them: PC/XT set-1 scancodes (protocol reference §5). The API names a key the way
 * spice-gtk does, by its make code with any prefix folded into the high bits: {@code 0x1E} is A, an
 * E0-prefixed key is {@code 0x100 | code} (Right Ctrl is {@code 0x11D}), and {@code 0x21D} is the E1-prefixed
 * first half of Pause. On the wire the prefix comes first, so it sits in the low byte of the little-endian code.
 */
public final class Scancodes {
    /** Folded into a key code for keys whose scancode starts with the E0 prefix. */
    public static final int EXTENDED = 0x100;
    /** Folded into a key code for the E1 prefix, which only Pause uses. */
    public static final int E1_PREFIXED = 0x200;

    private static final int BREAK = 0x80;
    private static final int CODE_MASK = 0x7F;
    private static final int PREFIX_SHIFT = 8;
    private static final int FIRST_PREFIX_BYTE = 0xE0;

    private Scancodes() {
    }

    /**
     * @param key a key code in the API's form
     * @throws IllegalArgumentException unless it is a make code (1 to 0x7F) with no prefix, E0 or E1
     */
    public static void check(int key) {
        int prefix = key >>> PREFIX_SHIFT;
        if ((key & CODE_MASK) == 0 || (key & BREAK) != 0 || prefix > 2) {
            throw new IllegalArgumentException(String.format(
                    "0x%X is not a set-1 make code, optionally or-ed with 0x100 (E0) or 0x200 (E1)", key));
        }
    }

    /**
     * @param key     a key code accepted by {@link #check}
     * @param release whether the key goes up (its break code) or down (its make code)
     * @return the u32 code of a KEY_DOWN or KEY_UP message: the scancode bytes from the low byte up
     */
    public static int wireCode(int key, boolean release) {
        int code = (key & CODE_MASK) | (release ? BREAK : 0);
        int prefix = key >>> PREFIX_SHIFT;
        return prefix == 0 ? code : (FIRST_PREFIX_BYTE + prefix - 1) | code << 8;
    }

    /** @return the KEY_SCANCODE body that presses and releases {@code key}: its make bytes, then its break bytes */
    public static byte[] pressAndRelease(int key) {
        int make = wireCode(key, false);
        int release = wireCode(key, true);
        if (key >>> PREFIX_SHIFT == 0) {
            return new byte[]{(byte) make, (byte) release};
        }
        return new byte[]{(byte) make, (byte) (make >>> 8), (byte) release, (byte) (release >>> 8)};
    }
}
