package dev.saffron.spice;

import java.util.EnumSet;
import java.util.Set;

/** The keyboard's lock keys, whose state the guest shows on its keyboard LEDs (spice-gtk's {@code SpiceInputsLock}). */
public enum KeyLock {
    /** Scroll Lock. */
    SCROLL_LOCK(1),
    /** Num Lock. */
    NUM_LOCK(1 << 1),
    /** Caps Lock. */
    CAPS_LOCK(1 << 2);

    private final int flag;

    KeyLock(int flag) {
        this.flag = flag;
    }

    /** @return the lock's bit in the wire's modifier mask */
    public int flag() {
        return flag;
    }

    /** @return the locks present in a wire mask; unknown bits are ignored */
    public static Set<KeyLock> fromFlags(int flags) {
        Set<KeyLock> locks = EnumSet.noneOf(KeyLock.class);
        for (KeyLock lock : values()) {
            if ((flags & lock.flag) != 0) {
                locks.add(lock);
            }
        }
        return locks;
    }

    /** @return the wire mask of a set of locks */
    public static int toFlags(Set<KeyLock> locks) {
        int flags = 0;
        for (KeyLock lock : locks) {
            flags |= lock.flag;
        }
        return flags;
    }
}
