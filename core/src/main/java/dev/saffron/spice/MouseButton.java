package dev.saffron.spice;

import java.util.Set;

/**
 * A pointer button as SPICE numbers them (spice-gtk's {@code SpiceMouseButton}). The wheel is two buttons that
 * are pressed and released once per notch.
 */
public enum MouseButton {
    /** The primary button. */
    LEFT(1, 1),
    /** The middle button (often the wheel pressed down). */
    MIDDLE(2, 1 << 1),
    /** The secondary button. */
    RIGHT(3, 1 << 2),
    /** One wheel notch away from the user. */
    UP(4, 1 << 3),
    /** One wheel notch towards the user. */
    DOWN(5, 1 << 4),
    /** The side ("back") button. */
    SIDE(6, 1 << 5),
    /** The extra ("forward") button. */
    EXTRA(7, 1 << 6);

    private final int wireValue;
    private final int mask;

    MouseButton(int wireValue, int mask) {
        this.wireValue = wireValue;
        this.mask = mask;
    }

    /** @return the button's number on the wire */
    public int wireValue() {
        return wireValue;
    }

    /** @return the button's bit in the wire's buttons-state mask */
    public int mask() {
        return mask;
    }

    /** @return whether this is one of the two wheel directions, which are never held */
    public boolean isWheel() {
        return this == UP || this == DOWN;
    }

    /** @return the wire's buttons-state mask for a set of held buttons */
    public static int toMask(Set<MouseButton> buttons) {
        int mask = 0;
        for (MouseButton button : buttons) {
            mask |= button.mask;
        }
        return mask;
    }
}
