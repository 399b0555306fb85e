package dev.saffron.gl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The window's hotkeys, as remote-viewer's {@code -H/--hotkeys} and a connection file's {@code [virt-viewer]} keys
 * set them. In kiosk mode they are off.
 *
 * @param toggleFullscreen switches between a window and the full screen
 * @param releaseCursor    lets go of the pointer and keyboard grabbed in server mouse mode
 * @param smartcardInsert  puts the software smartcard in its reader, when the session has one
 * @param smartcardRemove  takes the software smartcard out of its reader, when the session has one
 * @param secureAttention  sends Ctrl+Alt+Del to the guest, which the host's own desktop would otherwise take
 * @param usbDeviceReset   unplugs every USB device redirected to the guest, as remote-viewer's action does
 * @param zoomIn           makes the guest's picture 10 percent larger (at most 400 percent)
 * @param zoomOut          makes the guest's picture 10 percent smaller (at least 10 percent)
 * @param zoomReset        shows the guest's picture at 100 percent again
 * @param menu             opens the window's own menu (send keys, full screen, zoom, USB devices): Saffron's,
 *                         as a GL window has no menu bar
 */
public record Hotkeys(Hotkey toggleFullscreen, Hotkey releaseCursor, Hotkey smartcardInsert, Hotkey smartcardRemove,
                      Hotkey secureAttention, Hotkey usbDeviceReset, Hotkey zoomIn, Hotkey zoomOut, Hotkey zoomReset,
                      Hotkey menu) {
    /**
     * remote-viewer's defaults: Shift+F11 toggles the full screen, Shift+F8 and Shift+F9 insert and remove the
     * software smartcard, Ctrl+Alt+End is the secure attention key, Ctrl+Shift+R resets the USB devices, Ctrl with
     * plus, minus and 0 zoom (their keypad keys too); Ctrl+Alt releases the pointer (spice-gtk's). The menu's
     * Shift+F10 is Saffron's, next to remote-viewer's Shift+F8 to F12.
     */
    public static final Hotkeys DEFAULTS = new Hotkeys(Hotkey.parse("shift+f11"), Hotkey.parse("ctrl+alt"),
            Hotkey.parse("shift+f8"), Hotkey.parse("shift+f9"), Hotkey.parse("ctrl+alt+end"),
            Hotkey.parse("ctrl+shift+r"), Hotkey.parse("ctrl+plus"), Hotkey.parse("ctrl+minus"),
            Hotkey.parse("ctrl+0"), Hotkey.parse("shift+f10"));

    /** The actions remote-viewer's hotkey list may name, and Saffron's {@code menu}. */
    public static final Set<String> ACTIONS = Set.of("toggle-fullscreen", "release-cursor", "smartcard-insert",
            "smartcard-remove", "secure-attention", "usb-device-reset", "zoom-in", "zoom-out", "zoom-reset", "menu");

    /** @throws NullPointerException if a hotkey is null */
    public Hotkeys {
        Objects.requireNonNull(toggleFullscreen, "toggleFullscreen");
        Objects.requireNonNull(releaseCursor, "releaseCursor");
        Objects.requireNonNull(smartcardInsert, "smartcardInsert");
        Objects.requireNonNull(smartcardRemove, "smartcardRemove");
        Objects.requireNonNull(secureAttention, "secureAttention");
        Objects.requireNonNull(usbDeviceReset, "usbDeviceReset");
        Objects.requireNonNull(zoomIn, "zoomIn");
        Objects.requireNonNull(zoomOut, "zoomOut");
        Objects.requireNonNull(zoomReset, "zoomReset");
        Objects.requireNonNull(menu, "menu");
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
        Map<String, Hotkey> byAction = byAction();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + entry + "' is not ACTION=HOTKEY");
            }
            String action = entry.substring(0, equals).trim();
            if (!byAction.containsKey(action)) {
                throw new IllegalArgumentException("unknown hotkey action '" + action + "' (this viewer has "
                        + String.join(", ", byAction.keySet()) + ")");
            }
            byAction.put(action, Hotkey.parse(entry.substring(equals + 1)));
        }
        return new Hotkeys(byAction.get("toggle-fullscreen"), byAction.get("release-cursor"),
                byAction.get("smartcard-insert"), byAction.get("smartcard-remove"), byAction.get("secure-attention"),
                byAction.get("usb-device-reset"), byAction.get("zoom-in"), byAction.get("zoom-out"),
                byAction.get("zoom-reset"), byAction.get("menu"));
    }

    /** @return each action's hotkey by its name in remote-viewer's list, in the order the list's help gives them */
    public Map<String, Hotkey> byAction() {
        Map<String, Hotkey> byAction = new LinkedHashMap<>();
        byAction.put("toggle-fullscreen", toggleFullscreen);
        byAction.put("release-cursor", releaseCursor);
        byAction.put("smartcard-insert", smartcardInsert);
        byAction.put("smartcard-remove", smartcardRemove);
        byAction.put("secure-attention", secureAttention);
        byAction.put("usb-device-reset", usbDeviceReset);
        byAction.put("zoom-in", zoomIn);
        byAction.put("zoom-out", zoomOut);
        byAction.put("zoom-reset", zoomReset);
        byAction.put("menu", menu);
        return byAction;
    }
}
