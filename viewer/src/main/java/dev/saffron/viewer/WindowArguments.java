package dev.saffron.viewer;

import dev.saffron.gl.Hotkeys;
import dev.saffron.gl.MonitorOptions;
import dev.saffron.gl.WindowOptions;

import java.util.Map;
import java.util.Optional;

/** The viewer window's options, spelled as remote-viewer spells them. */
final class WindowArguments {
    static final String HELP = """
              -f, --full-screen                     open in full screen
              -t, --title=TITLE                     window title (default: the guest's name)
              -k, --kiosk                           kiosk mode: full screen, no hotkeys, cannot be closed;
                                                    reconnects when the connection drops (see --reconnect)
              --kiosk-quit=never|on-disconnect      in kiosk mode, whether a server disconnect ends saffron
                                                    (default never); on-disconnect also means no reconnect,
                                                    as remote-viewer ends for a shell loop to start it again
              -H, --hotkeys=LIST                    ACTION=HOTKEY,... with HOTKEY like shift+f11, for the
                                                    actions (and their defaults) toggle-fullscreen (shift+f11),
                                                    release-cursor (ctrl+alt), smartcard-insert (shift+f8),
                                                    smartcard-remove (shift+f9), secure-attention: send
                                                    Ctrl+Alt+Del (ctrl+alt+end), usb-device-reset: unplug the
                                                    redirected USB devices (ctrl+shift+r), zoom-in (ctrl+plus),
                                                    zoom-out (ctrl+minus), zoom-reset (ctrl+0), menu: the
                                                    window's menu of send keys, zoom and USB devices (shift+f10)
              -z, --zoom=PERCENT                    show a guest pixel at PERCENT of a desktop pixel, 10 to 400
                                                    (default 100); the window's HiDPI scale applies on top
              --auto-resize=always|never            whether the guest's display follows the window's size
                                                    (needs the guest agent; default always)
              --monitors=N                          open N windows, one per guest display, and ask the guest
                                                    (through its agent) for N monitors (1 to 16; default: a
                                                    window for each monitor the guest turns on)
              --spice-disable-clipboard             share no clipboard with the guest, either way (spice-gtk's
                                                    auto-clipboard off; upstream has no option for it)
            """;

    private Optional<String> title = Optional.empty();
    private boolean fullScreen;
    private boolean kiosk;
    private boolean kioskQuitOnDisconnect;
    private Hotkeys hotkeys = Hotkeys.DEFAULTS;
    private boolean autoResize = true;
    private int monitors;
    private Map<Integer, Integer> monitorMapping = Map.of();
    private int zoom = WindowOptions.NORMAL_ZOOM;
    private boolean autoClipboard = true;

    /**
     * Consumes {@code word} (and its value) if it is a window option.
     *
     * @return whether it was one
     */
    boolean accept(String word, Arguments args) throws UsageException {
        String name = Arguments.optionName(word);
        switch (name) {
            case "-f", "--full-screen" -> fullScreen = true;
            case "-t", "--title" -> title = Optional.of(args.value(word));
            case "-k", "--kiosk" -> kiosk = true;
            case "--kiosk-quit" -> {
                String value = args.value(word);
                kioskQuitOnDisconnect = switch (value) {
                    case "never" -> false;
                    case "on-disconnect" -> true;
                    default -> throw new UsageException("--kiosk-quit takes never or on-disconnect, not '"
                            + value + "'");
                };
            }
            case "--auto-resize" -> {
                String value = args.value(word);
                autoResize = switch (value) {
                    case "always" -> true;
                    case "never" -> false;
                    default -> throw new UsageException("--auto-resize takes always or never, not '" + value + "'");
                };
            }
            case "--monitors" -> {
                String value = args.value(word);
                try {
                    monitors = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    monitors = -1;
                }
                if (monitors < 1 || monitors > MonitorOptions.MAX_DISPLAYS) {
                    throw new UsageException("--monitors takes a number from 1 to " + MonitorOptions.MAX_DISPLAYS
                            + ", not '" + value + "'");
                }
            }
            case "-z", "--zoom" -> {
                String value = args.value(word);
                try {
                    zoom = Integer.parseInt(value.strip());
                } catch (NumberFormatException e) {
                    zoom = -1;
                }
                if (zoom < WindowOptions.MIN_ZOOM || zoom > WindowOptions.MAX_ZOOM) {
                    // remote-viewer says so and goes on at 100; a typo here is better caught before connecting.
                    throw new UsageException(name + " takes a percentage from " + WindowOptions.MIN_ZOOM + " to "
                            + WindowOptions.MAX_ZOOM + ", not '" + value + "'");
                }
            }
            case "--spice-disable-clipboard" -> autoClipboard = false;
            case "-H", "--hotkeys" -> {
                try {
                    hotkeys = Hotkeys.parse(args.value(word));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(name + ": " + e.getMessage());
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code -k/--kiosk} was given */
    boolean kiosk() {
        return kiosk;
    }

    /** @return whether {@code --kiosk-quit on-disconnect} was given, in kiosk mode or not */
    boolean kioskQuitOnDisconnect() {
        return kioskQuitOnDisconnect;
    }

    /**
     * Takes a connection file's window settings over the command line's, as remote-viewer applies a file after
     * its options: {@code title}, {@code fullscreen} when set, and the hotkeys ({@code toggle-fullscreen},
     * {@code release-cursor}, {@code secure-attention}, {@code smartcard-insert}, {@code smartcard-remove},
     * {@code usb-device-reset}, {@code zoom-in}, {@code zoom-out}, {@code zoom-reset}).
     */
    void applyConnectionFile(VvFile file) throws UsageException {
        file.title().ifPresent(value -> title = Optional.of(value));
        fullScreen |= file.fullscreen();
        monitorMapping = file.monitorMapping();
        StringBuilder known = new StringBuilder();
        file.hotkeys().forEach((action, hotkey) -> {
            if (Hotkeys.ACTIONS.contains(action)) {
                known.append(known.isEmpty() ? "" : ",").append(action).append('=').append(hotkey);
            }
        });
        try {
            hotkeys = hotkeys.with(known.toString());
        } catch (IllegalArgumentException e) {
            throw new UsageException("connection file hotkeys: " + e.getMessage());
        }
    }

    /** @return the windows the guest's displays get, and remote-viewer's full-screen monitor mapping */
    MonitorOptions monitors() {
        return new MonitorOptions(monitors, monitorMapping);
    }

    /**
     * Outside kiosk mode a disconnect leaves the window up with the reason in its title until the user closes
     * it, as remote-viewer keeps its error dialog up; in kiosk mode {@code --kiosk-quit} decides.
     */
    WindowOptions build() {
        return new WindowOptions(title, fullScreen, kiosk, kiosk && kioskQuitOnDisconnect, hotkeys, autoResize,
                autoClipboard, Optional.empty(), zoom);
    }
}
