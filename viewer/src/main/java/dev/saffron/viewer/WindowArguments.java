package dev.saffron.viewer;

import dev.saffron.gl.Hotkeys;
import dev.saffron.gl.WindowOptions;

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
              -H, --hotkeys=LIST                    ACTION=HOTKEY,... for the actions toggle-fullscreen,
                                                    release-cursor, smartcard-insert, smartcard-remove, with
                                                    HOTKEY like shift+f11 (defaults: shift+f11, ctrl+alt,
                                                    shift+f8, shift+f9)
              --auto-resize=always|never            whether the guest's display follows the window's size
                                                    (needs the guest agent; default always)
            """;

    private Optional<String> title = Optional.empty();
    private boolean fullScreen;
    private boolean kiosk;
    private boolean kioskQuitOnDisconnect;
    private Hotkeys hotkeys = Hotkeys.DEFAULTS;
    private boolean autoResize = true;

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
     * its options: {@code title}, {@code fullscreen} when set, and the hotkeys the window knows; the file's
     * other hotkeys ({@code secure-attention}, {@code zoom-in}, ...) name actions this window does not have yet
     * and are ignored
     * with the file's other unknown settings.
     */
    void applyConnectionFile(VvFile file) throws UsageException {
        file.title().ifPresent(value -> title = Optional.of(value));
        fullScreen |= file.fullscreen();
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

    /**
     * Outside kiosk mode a disconnect leaves the window up with the reason in its title until the user closes
     * it, as remote-viewer keeps its error dialog up; in kiosk mode {@code --kiosk-quit} decides.
     */
    WindowOptions build() {
        return new WindowOptions(title, fullScreen, kiosk, kiosk && kioskQuitOnDisconnect, hotkeys, autoResize,
                true, Optional.empty());
    }
}
