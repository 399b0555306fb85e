package dev.saffron.viewer;

import dev.saffron.gl.Hotkey;
import dev.saffron.gl.Hotkeys;
import dev.saffron.gl.WindowOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowArgumentsTest {
    private static WindowOptions parse(String... words) throws UsageException {
        WindowArguments window = new WindowArguments();
        Arguments args = new Arguments(List.of(words));
        while (args.hasNext()) {
            String word = args.next().orElseThrow();
            if (!window.accept(word, args)) {
                throw new AssertionError("not a window option: " + word);
            }
        }
        return window.build();
    }

    @Test
    void remoteViewersOptionsInBothSpellings() throws Exception {
        WindowOptions options = parse("-f", "-t", "My VM", "-H", "release-cursor=shift+f12");
        assertTrue(options.fullScreen());
        assertEquals(Optional.of("My VM"), options.title());
        assertEquals(Hotkey.parse("shift+f12"), options.hotkeys().releaseCursor());
        assertFalse(options.kiosk());
        assertFalse(options.quitOnDisconnect(), "outside kiosk mode the window stays");

        WindowOptions kiosk = parse("--kiosk", "--kiosk-quit=on-disconnect", "--title=x",
                "--hotkeys=toggle-fullscreen=ctrl+f");
        assertTrue(kiosk.kiosk());
        assertTrue(kiosk.quitOnDisconnect());
        assertEquals(Hotkey.parse("ctrl+f"), kiosk.hotkeys().toggleFullscreen());

        assertFalse(parse("-k", "--kiosk-quit", "never").quitOnDisconnect());
        assertFalse(parse("--kiosk-quit", "on-disconnect").quitOnDisconnect(), "only kiosk mode quits");
        assertEquals(Hotkeys.DEFAULTS, parse().hotkeys());
    }

    @Test
    void monitorsAsksForOneToSixteenWindows() throws Exception {
        WindowArguments window = new WindowArguments();
        assertTrue(window.accept("--monitors=2", new Arguments(List.of())));
        assertEquals(2, window.monitors().windows());
        assertEquals(0, new WindowArguments().monitors().windows(), "by default the guest decides");
        for (String bad : List.of("0", "17", "two", "-1", "")) {
            UsageException e = assertThrows(UsageException.class,
                    () -> new WindowArguments().accept("--monitors=" + bad, new Arguments(List.of())));
            assertEquals("--monitors takes a number from 1 to 16, not '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void theConnectionFilesMonitorMappingPlacesTheDisplaysInFullScreen() throws Exception {
        WindowArguments window = new WindowArguments();
        window.applyConnectionFile(VvFile.parse("[virt-viewer]\ntype=spice\nhost=h\nfullscreen=1\n"
                + "monitor-mapping=1:2;2:1;\n", "m.vv"));
        assertEquals(Map.of(0, 1, 1, 0), window.monitors().fullScreenMonitors());
        assertTrue(window.build().fullScreen());
    }

    @Test
    void theGuestFollowsTheWindowUnlessAutoResizeIsNever() throws Exception {
        assertTrue(parse().resizeGuest());
        assertTrue(parse("--auto-resize", "always").resizeGuest());
        assertFalse(parse("--auto-resize=never").resizeGuest());
        assertTrue(parse().autoClipboard());
    }

    @Test
    void theZoomIsRemoteViewersPercentage() throws Exception {
        assertEquals(100, parse().zoom());
        assertEquals(150, parse("-z", "150").zoom());
        assertEquals(200, parse("--zoom=200").zoom());
        assertEquals(10, parse("--zoom", "10").zoom());
        assertEquals(400, parse("--zoom", "400").zoom());
    }

    @Test
    void theClipboardIsSharedUnlessDisabled() throws Exception {
        assertTrue(parse().autoClipboard());
        assertFalse(parse("--spice-disable-clipboard").autoClipboard());
        assertTrue(parse("--spice-disable-clipboard").resizeGuest(), "only the clipboard is off");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThrows(UsageException.class, () -> parse("--auto-resize", "sometimes"));
        assertThrows(UsageException.class, () -> parse("--kiosk-quit", "sometimes"));
        assertThrows(UsageException.class, () -> parse("-H", "zoom-sideways=ctrl+f"));
        assertThrows(UsageException.class, () -> parse("--zoom=5"));
        assertThrows(UsageException.class, () -> parse("-z", "401"));
        assertThrows(UsageException.class, () -> parse("--zoom", "150%"));
        assertThrows(UsageException.class, () -> parse("--title"));
    }

    @Test
    void aConnectionFilesWindowSettingsApplyOverTheCommandLine() throws Exception {
        WindowArguments window = new WindowArguments();
        Arguments args = new Arguments(List.of("-t", "from the command line", "-H", "release-cursor=shift+f12"));
        while (args.hasNext()) {
            assertTrue(window.accept(args.next().orElseThrow(), args));
        }
        VvFile file = VvFile.read(new java.io.ByteArrayInputStream("""
                [virt-viewer]
                type=spice
                host=127.0.0.1
                port=5900
                title=from the file
                fullscreen=1
                toggle-fullscreen=ctrl+f
                secure-attention=ctrl+alt+insert
                smartcard-remove=ctrl+f9
                usb-device-reset=ctrl+alt+u
                zoom-in=ctrl+kp_add
                zoom-out=ctrl+kp_subtract
                zoom-reset=ctrl+kp_0
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.vv");
        window.applyConnectionFile(file);
        WindowOptions options = window.build();
        assertEquals(Optional.of("from the file"), options.title());
        assertTrue(options.fullScreen());
        assertEquals(Hotkey.parse("ctrl+f"), options.hotkeys().toggleFullscreen());
        assertEquals(Hotkey.parse("shift+f12"), options.hotkeys().releaseCursor(), "the file left it alone");
        assertEquals(Hotkey.parse("ctrl+f9"), options.hotkeys().smartcardRemove());
        assertEquals(Hotkey.parse("shift+f8"), options.hotkeys().smartcardInsert());
        assertEquals(Hotkey.parse("ctrl+alt+insert"), options.hotkeys().secureAttention());
        assertEquals(Hotkey.parse("ctrl+alt+u"), options.hotkeys().usbDeviceReset());
        assertEquals(Hotkey.parse("ctrl+kp_add"), options.hotkeys().zoomIn());
        assertEquals(Hotkey.parse("ctrl+kp_subtract"), options.hotkeys().zoomOut());
        assertEquals(Hotkey.parse("ctrl+kp_0"), options.hotkeys().zoomReset());
        assertEquals(Hotkeys.DEFAULTS.menu(), options.hotkeys().menu(), "no .vv key names Saffron's menu");
    }
}
