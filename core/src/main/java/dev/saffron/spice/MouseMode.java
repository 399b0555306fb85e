package dev.saffron.spice;

import java.util.EnumSet;
import java.util.Set;

/** How pointer input reaches the guest. */
public enum MouseMode {
    /** Relative motion; the client grabs the pointer. */
    SERVER(1),
    /** Absolute positions; needs a guest agent or tablet. */
    CLIENT(2);

    private final int flag;

    MouseMode(int flag) {
        this.flag = flag;
    }

    /** @return the mode's bit on the wire */
    public int flag() {
        return flag;
    }

    /** @return the modes present in a wire bit mask */
    public static Set<MouseMode> fromFlags(int flags) {
        Set<MouseMode> modes = EnumSet.noneOf(MouseMode.class);
        for (MouseMode mode : values()) {
            if ((flags & mode.flag) != 0) {
                modes.add(mode);
            }
        }
        return modes;
    }
}
