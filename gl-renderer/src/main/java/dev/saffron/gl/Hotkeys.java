package dev.saffron.gl;

import java.util.Objects;
import java.util.Set;

/**
 * The window's hotkeys, as remote-viewer's {@code -H/--hotkeys} sets them. In kiosk mode they are off.
 *
 * @param toggleFullscreen switches between a window and the full screen
 * @param releaseCursor    lets go of the pointer and keyboard grabbed in server mouse mode
 * @param smartcardInsert  puts the software smartcard in its reader, when the session has one
 * @param smartcardRemove  takes the software smartcard out of its reader, when the session has one
 */
public record Hotkeys(Hotkey toggleFullscreen, Hotkey releaseCursor, Hotkey smartcardInsert, Hotkey smartcardRemove) {
    /**
     * remote-viewer's defaults: Shift+F11 toggles the full screen, Shift+F8 and Shift+F9 insert and remove the
     * software smartcard; Ctrl+Alt releases the pointer (spice-gtk's).
     */
    public static final Hotkeys DEFAULTS = new Hotkeys(Hotkey.parse("shift+f11"), Hotkey.parse("ctrl+alt"),
            Hotkey.parse("shift+f8"), Hotkey.parse("shift+f9"));

    /** The actions remote-viewer's hotkey list may name that this window has. */
    public static final Set<String> ACTIONS = Set.of("toggle-fullscreen", "release-cursor", "smartcard-insert",
            "smartcard-remove");

    /** @throws NullPointerException if a hotkey is null */
    public Hotkeys {
        Objects.requireNonNull(toggleFullscreen, "toggleFullscreen");
        Objects.requireNonNull(releaseCursor, "releaseCursor");
        Objects.requireNonNull(smartcardInsert, "smartcardInsert");
        Objects.requireNonNull(smartcardRemove, "smartcardRemove");
    }

    /**
     * Parses remote-viewer's list, {@code ACTION=HOTKEY} pairs separated by commas such as
     * {@code toggle-fullscreen=shift+f11,release-cursor=shift+f12}; actions not named keep their default.
     *
     * @throws IllegalArgumentException for an action this viewer does not have, or a malformed hotkey
     */
    public static Hotkeys parse(String list) {
        return DEFAULTS.with(list);
    }

    /**
     * @return these hotkeys with those the list names changed, the list as {@link #parse} takes it
     * @throws IllegalArgumentException for an action this viewer does not have, or a malformed hotkey
     */
    public Hotkeys with(String list) {
        Hotkeys result = this;
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + entry + "' is not ACTION=HOTKEY");
            }
            String action = entry.substring(0, equals).trim();
            Hotkey hotkey = Hotkey.parse(entry.substring(equals + 1));
            result = switch (action) {
                case "toggle-fullscreen" -> new Hotkeys(hotkey, result.releaseCursor, result.smartcardInsert,
                        result.smartcardRemove);
                case "release-cursor" -> new Hotkeys(result.toggleFullscreen, hotkey, result.smartcardInsert,
                        result.smartcardRemove);
                case "smartcard-insert" -> new Hotkeys(result.toggleFullscreen, result.releaseCursor, hotkey,
                        result.smartcardRemove);
                case "smartcard-remove" -> new Hotkeys(result.toggleFullscreen, result.releaseCursor,
                        result.smartcardInsert, hotkey);
                default -> throw new IllegalArgumentException("unknown hotkey action '" + action
                        + "' (this viewer has toggle-fullscreen, release-cursor, smartcard-insert and "
                        + "smartcard-remove)");
            };
        }
        return result;
    }
}
