package dev.saffron.gl;

import java.util.Objects;

/**
 * The window's hotkeys, as remote-viewer's {@code -H/--hotkeys} sets them. In kiosk mode they are off.
 *
 * @param toggleFullscreen switches between a window and the full screen
 * @param releaseCursor    lets go of the pointer and keyboard grabbed in server mouse mode
 */
public record Hotkeys(Hotkey toggleFullscreen, Hotkey releaseCursor) {
    /** Shift+F11 toggles the full screen (remote-viewer's default); Ctrl+Alt releases the pointer (spice-gtk's). */
    public static final Hotkeys DEFAULTS = new Hotkeys(Hotkey.parse("shift+f11"), Hotkey.parse("ctrl+alt"));

    /** @throws NullPointerException if a hotkey is null */
    public Hotkeys {
        Objects.requireNonNull(toggleFullscreen, "toggleFullscreen");
        Objects.requireNonNull(releaseCursor, "releaseCursor");
    }

    /**
     * Parses remote-viewer's list, {@code ACTION=HOTKEY} pairs separated by commas such as
     * {@code toggle-fullscreen=shift+f11,release-cursor=shift+f12}; actions not named keep their default.
     *
     * @throws IllegalArgumentException for an action this viewer does not have, or a malformed hotkey
     */
    public static Hotkeys parse(String list) {
        Hotkeys result = DEFAULTS;
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
                case "toggle-fullscreen" -> new Hotkeys(hotkey, result.releaseCursor);
                case "release-cursor" -> new Hotkeys(result.toggleFullscreen, hotkey);
                default -> throw new IllegalArgumentException("unknown hotkey action '" + action
                        + "' (this viewer has toggle-fullscreen and release-cursor)");
            };
        }
        return result;
    }
}
