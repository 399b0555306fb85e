package dev.saffron.spice;

import dev.saffron.spice.internal.protocol.InputsProtocol;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.QemuTrace;
import dev.saffron.spice.testing.TextScreens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyboard and pointer input reaching a real QEMU, seen through QEMU's own trace of its input layer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InputsChannelIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** QEMU's key events: by number from SPICE, by name for the keys it recognises as sequences (Pause). */
    private static final Pattern KEY = Pattern.compile("input_event_key_\\w+ .*?(?:\\[(\\w+)]|qcode (\\w+)), down (\\d)");

    /** QEMU's pointer events: a button going down or up, or a move along an axis. */
    private static final Pattern BUTTON = Pattern.compile("input_event_btn .*?button ([\\w-]+), down (\\d)");
    private static final Pattern AXIS = Pattern.compile("input_event_(?:rel|abs) .*?axis (\\w+), value (0x[0-9a-f]+|-?\\d+)");
    /** SeaBIOS text rows the tests read: its prompt, and the boot menu it opens. */
    private static final int PROMPT_ROW = 2;
    private static final int MENU_ROW = 4;
    /** Keeps SeaBIOS at "Press ESC for boot menu." for a minute, reading the keyboard. */
    private static final String[] BOOT_MENU = {"-boot", "menu=on,splash-time=60000"};
    private static final int ESCAPE = 0x01;

    @TempDir
    Path temp;

    private static SpiceSession connect(QemuServer server, boolean readOnly) throws SpiceException {
        SpiceSession session = new SpiceSession(SessionConfig.builder().host(server.host()).port(server.port())
                .readOnly(readOnly).build());
        session.connect();
        session.awaitChannels(WAIT);
        return session;
    }

    private static InputsChannel inputs(SpiceSession session) {
        return session.channels().stream().filter(c -> c instanceof InputsChannel).map(InputsChannel.class::cast)
                .findFirst().orElseThrow();
    }

    /** @return key events as "name down" or "name up" */
    private static List<String> keys(List<String> lines) {
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            Matcher m = KEY.matcher(line);
            if (m.find()) {
                keys.add((m.group(1) != null ? m.group(1) : m.group(2)) + (m.group(3).equals("1") ? " down" : " up"));
            }
        }
        return keys;
    }

    /** @return button events as "name down" or "name up" */
    private static List<String> buttons(List<String> lines) {
        List<String> buttons = new ArrayList<>();
        for (String line : lines) {
            Matcher m = BUTTON.matcher(line);
            if (m.find()) {
                buttons.add(m.group(1) + (m.group(2).equals("1") ? " down" : " up"));
            }
        }
        return buttons;
    }

    /** @return the values QEMU traced for one axis, in order */
    private static List<Integer> axis(List<String> lines, String name) {
        List<Integer> values = new ArrayList<>();
        for (String line : lines) {
            Matcher m = AXIS.matcher(line);
            if (m.find() && m.group(1).equals(name)) {
                String value = m.group(2);
                values.add(value.startsWith("0x") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value));
            }
        }
        return values;
    }

    private static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * @return how many pixels of a text row are not black, leaving out the first column, where SeaBIOS's blinking
     *         cursor waits at the start of a line
     */
    private static int ink(PpmImage screen, int row) {
        int count = 0;
        for (int y = row * TextScreens.CELL_HEIGHT; y < (row + 1) * TextScreens.CELL_HEIGHT && y < screen.height(); y++) {
            for (int x = TextScreens.CELL_WIDTH; x < screen.width(); x++) {
                if ((screen.argb(x, y) & 0xFFFFFF) != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Waits until SeaBIOS has written something on a text row, and returns the screen then. */
    private static PpmImage awaitText(QemuServer server, int row) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            PpmImage screen = server.screendump();
            if (ink(screen, row) > 0) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing appeared on text row " + row);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until QEMU has let go of every SPICE channel, so that the next client is not taken for a reconnect. */
    private static void awaitNoClient(QemuServer server) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!server.qmp().execute("query-spice").replaceAll("\\s", "").contains("\"channels\":[]")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("QEMU still has SPICE channels: " + server.qmp().execute("query-spice"));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void escapeOpensTheFirmwareBootMenuJustAsQmpSendKeyDoes() throws Exception {
        QemuOptions options = QemuOptions.builder().extraArguments(BOOT_MENU).build();
        try (QemuServer viaSpice = QemuServer.start(options); QemuServer viaQmp = QemuServer.start(options);
             SpiceSession session = connect(viaSpice, false)) {
            PpmImage prompt = awaitText(viaSpice, PROMPT_ROW);
            assertEquals(0, ink(prompt, MENU_ROW), "no menu before the key");
            awaitText(viaQmp, PROMPT_ROW);

            InputsChannel inputs = inputs(session);
            inputs.keyPress(ESCAPE);
            inputs.keyRelease(ESCAPE);
            viaQmp.qmp().execute("send-key", "{\"keys\": [{\"type\": \"qcode\", \"data\": \"esc\"}]}");

            awaitText(viaSpice, MENU_ROW);
            awaitText(viaQmp, MENU_ROW);
            // The menu is drawn at once; a moment later both screens hold all of it.
            Thread.sleep(500);
            TextScreens.assertSameUpToTheCursor(viaQmp.screendump(), viaSpice.screendump());
        }
    }

    @Test
    void lockKeysMakeARoundTripThroughTheFirmware() throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().extraArguments(BOOT_MENU).build())) {
            awaitText(server, PROMPT_ROW);
            BlockingQueue<Set<KeyLock>> reported = new LinkedBlockingQueue<>();
            SpiceSession session = new SpiceSession(SessionConfig.builder().host(server.host()).port(server.port())
                    .build());
            try (session) {
                session.addListener(new SessionListener() {
                    @Override
                    public void channelNew(SpiceChannel channel) {
                        if (channel instanceof InputsChannel typed) {
                            typed.addListener(new InputsChannelListener() {
                                @Override
                                public void keyLocksChanged(InputsChannel inputs, Set<KeyLock> locks) {
                                    reported.add(locks);
                                }
                            });
                        }
                    }
                });
                session.connect();
                session.awaitChannels(WAIT);
                Set<KeyLock> initial = reported.poll(10, TimeUnit.SECONDS);
                assertEquals(initial, inputs(session).keyLocks(), "INIT told the guest's LEDs");

                // The server presses Caps Lock, SeaBIOS toggles it and sets the LEDs, QEMU tells the server,
                // the server tells the client.
                Set<KeyLock> flipped = EnumSet.noneOf(KeyLock.class);
                flipped.addAll(initial);
                if (!flipped.remove(KeyLock.CAPS_LOCK)) {
                    flipped.add(KeyLock.CAPS_LOCK);
                }
                inputs(session).setKeyLocks(flipped);
                assertEquals(flipped, reported.poll(10, TimeUnit.SECONDS));
                inputs(session).setKeyLocks(initial);
                assertEquals(initial, reported.poll(10, TimeUnit.SECONDS));
                assertEquals(initial, inputs(session).keyLocks());
            }
        }
    }

    @Test
    void serverModeMotionIsAcknowledgedSoNothingIsHeldBackForGood() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        try (QemuServer server = QemuServer.start(QemuOptions.builder()
                .extraArguments(trace.arguments("input_event_rel", "input_event_btn")).build());
             SpiceSession session = connect(server, false)) {
            assertEquals(MouseMode.SERVER, session.mainChannel().orElseThrow().mouseMode());
            InputsChannel inputs = inputs(session);
            int moves = 60;
            for (int i = 0; i < moves; i++) {
                inputs.motion(1, -2, Set.of());
            }
            // Without acknowledgements eight messages leave and the rest waits for ever; so all of it arriving
            // means the server acknowledged and the client sent what it held back.
            List<String> lines = trace.await("input_event_rel",
                    seen -> sum(axis(seen, "x")) == moves && sum(axis(seen, "y")) == -2 * moves, WAIT);
            assertTrue(axis(lines, "x").size() <= moves);

            inputs.buttonPress(MouseButton.LEFT, Set.of());
            inputs.buttonRelease(MouseButton.LEFT, Set.of(MouseButton.LEFT));
            inputs.buttonPress(MouseButton.DOWN, Set.of());
            inputs.buttonRelease(MouseButton.DOWN, Set.of());
            inputs.buttonPress(MouseButton.SIDE, Set.of());
            inputs.buttonRelease(MouseButton.SIDE, Set.of(MouseButton.SIDE));
            List<String> expected = List.of("left down", "left up", "wheel-down down", "wheel-down up", "side down",
                    "side up");
            List<String> buttonLines = trace.await("input_event_btn",
                    seen -> buttons(seen).size() >= expected.size(), WAIT);
            assertEquals(expected, buttons(buttonLines), String.join("\n", buttonLines));
        }
    }

    @Test
    void clientModePositionsAndButtonsReachTheTablet() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        // As in SessionIT: without the PS/2 controller a USB tablet is the only pointer, so QEMU offers client mode.
        QemuOptions options = QemuOptions.builder().extraArguments("-machine", "i8042=off",
                        "-device", "piix3-usb-uhci", "-device", "usb-tablet")
                .extraArguments(trace.arguments("input_event_abs", "input_event_btn")).build();
        try (QemuServer server = QemuServer.start(options); SpiceSession session = connect(server, false)) {
            MainChannel main = session.mainChannel().orElseThrow();
            main.requestMouseMode(MouseMode.CLIENT).get(10, TimeUnit.SECONDS);
            DisplayChannel display = session.channels().stream().filter(c -> c instanceof DisplayChannel)
                    .map(DisplayChannel.class::cast).findFirst().orElseThrow();
            DisplaySurface surface = display.awaitFrame(Duration.ofMillis(300), WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (main.mouseMode() != MouseMode.CLIENT && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(MouseMode.CLIENT, main.mouseMode());

            InputsChannel inputs = inputs(session);
            int targetX = surface.width() / 2;
            int targetY = surface.height() / 4;
            for (int i = 0; i <= 40; i++) {
                inputs.position(targetX * i / 40, targetY * i / 40, display.id(), Set.of());
            }
            // QEMU scales positions on the display to its 0..0x7fff tablet range.
            int scale = 0x7fff;
            List<String> lines = trace.await("input_event_abs", seen -> {
                List<Integer> xs = axis(seen, "x");
                List<Integer> ys = axis(seen, "y");
                return !xs.isEmpty() && !ys.isEmpty()
                        && Math.abs(xs.getLast() - (long) targetX * scale / surface.width()) <= scale / surface.width()
                        && Math.abs(ys.getLast() - (long) targetY * scale / surface.height()) <= scale / surface.height();
            }, WAIT);
            assertTrue(axis(lines, "x").size() <= 41);

            inputs.buttonPress(MouseButton.LEFT, Set.of());
            inputs.buttonRelease(MouseButton.LEFT, Set.of(MouseButton.LEFT));
            inputs.buttonPress(MouseButton.UP, Set.of());
            inputs.buttonRelease(MouseButton.UP, Set.of());
            List<String> expected = List.of("left down", "left up", "wheel-up down", "wheel-up up");
            List<String> buttonLines = trace.await("input_event_btn",
                    seen -> buttons(seen).size() >= expected.size(), WAIT);
            assertEquals(expected, buttons(buttonLines), String.join("\n", buttonLines));
        }
    }

    @Test
    void aReadOnlySessionSendsNothingToTheGuest() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        try (QemuServer server = QemuServer.start(QemuOptions.builder()
                .extraArguments(trace.arguments("input_event_*")).build())) {
            try (SpiceSession readOnly = connect(server, true)) {
                InputsChannel inputs = inputs(readOnly);
                inputs.keyPress(0x1E);
                inputs.keyRelease(0x1E);
                inputs.motion(10, 10, Set.of());
                inputs.buttonPress(MouseButton.LEFT, Set.of());
                inputs.setKeyLocks(Set.of(KeyLock.CAPS_LOCK));
                // Closing drops messages still queued: give any that were queued the time to leave.
                Thread.sleep(500);
            }
            awaitNoClient(server);
            // Then a writable session types B: the only input QEMU ever sees.
            try (SpiceSession writable = connect(server, false)) {
                inputs(writable).keyPressAndRelease(0x30);
                List<String> lines = trace.await("input_event", seen -> keys(seen).size() >= 2, WAIT);
                assertEquals(List.of("b down", "b up"), keys(lines), String.join("\n", lines));
                assertEquals(List.of(), lines.stream().filter(l -> !l.contains("input_event_key")
                        && !l.contains("input_event_sync")).toList());
            }
        }
    }

    @Test
    void keysReachQemuAsTheKeysSpiceGtkMeans() throws Exception {
        QemuTrace trace = new QemuTrace(temp);
        try (QemuServer server = QemuServer.start(QemuOptions.builder()
                .extraArguments(trace.arguments("input_event_key*")).build());
             SpiceSession session = connect(server, false)) {
            InputsChannel inputs = inputs(session);
            assertTrue(inputs.testCapability(InputsProtocol.CAP_KEY_SCANCODE), "QEMU offers KEY_SCANCODE");
            inputs.keyPress(0x1E);
            inputs.keyRelease(0x1E);
            inputs.keyPress(0x11D);
            inputs.keyRelease(0x11D);
            inputs.keyPressAndRelease(0x14B);
            inputs.keyPress(0x21D);
            inputs.keyPress(0x45);
            inputs.keyRelease(0x21D);
            inputs.keyRelease(0x45);
            List<String> expected = List.of("a down", "a up", "ctrl_r down", "ctrl_r up", "left down", "left up",
                    "pause down");
            List<String> lines = trace.await("input_event_key", seen -> keys(seen).size() >= expected.size(), WAIT);
            assertEquals(expected, keys(lines), String.join("\n", lines));
        }
    }
}
