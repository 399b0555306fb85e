package dev.saffron.spice;

import java.util.Optional;

/**
 * Which clipboard an agent clipboard message is about (spice-gtk's {@code VD_AGENT_CLIPBOARD_SELECTION_*}).
 * Only {@link #CLIPBOARD} is available unless the agent announced
 * {@link AgentCapability#CLIPBOARD_SELECTION}.
 */
public enum ClipboardSelection {
    /** The ordinary copy-and-paste clipboard. */
    CLIPBOARD(0),
    /** X11's primary selection: the text last selected. */
    PRIMARY(1),
    /** X11's secondary selection, rarely used. */
    SECONDARY(2);

    private final int wireValue;

    ClipboardSelection(int wireValue) {
        this.wireValue = wireValue;
    }

    /** @return the selection's byte on the wire */
    public int wireValue() {
        return wireValue;
    }

    /** @return the selection with this wire value, if there is one */
    public static Optional<ClipboardSelection> fromWire(int value) {
        for (ClipboardSelection selection : values()) {
            if (selection.wireValue == value) {
                return Optional.of(selection);
            }
        }
        return Optional.empty();
    }
}
