package dev.saffron.viewer;

import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer window across a QEMU restart on the same port (issue 18): with reconnect on it stays open, shows the
 * last picture dimmed meanwhile and the new server's picture soon after it listens; {@code --connect-command}
 * hands each connection a fresh password; a single-use ticket without a command is not tried again. On Xvfb with
 * Mesa's software OpenGL, as {@link ViewerWindowIT}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReconnectWindowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SCREEN_WIDTH = 1024;
    private static final int SCREEN_HEIGHT = 768;
    /** The firmware waits at its boot menu prompt: a still picture to compare, the same after every restart. */
    private static final String[] STILL_FIRMWARE = {"-boot", "menu=on,splash-time=60000"};
    /** The blinking text cursor is the only thing that may differ between the window and the server's picture. */
    private static final int CURSOR_PIXELS = 9 * 16;
    /** Issue 18: the picture is back within 2 s of the new server listening. */
    private static final Duration PICTURE_BACK = Duration.ofSeconds(2);

    @TempDir
    Path temp;

    private static QemuOptions.Builder still() {
        return QemuOptions.builder().extraArguments(STILL_FIRMWARE);
    }

    /** @return whether the window shows the server's picture now (the text cursor aside), undimmed */
    private static boolean showsServerPicture(XvfbServer x, String window, QemuServer server)
            throws IOException, InterruptedException {
        PpmImage shown = x.capture(window);
        PpmImage screen = server.screendump();
        if (shown.width() != screen.width() || shown.height() != screen.height()) {
            return false;
        }
        return screen.differingPixels(shown.pixels(), shown.width()) <= CURSOR_PIXELS && inked(screen);
    }

    /** @return whether a picture has something on it besides black, so that black matching black proves nothing */
    private static boolean inked(PpmImage image) {
        return Arrays.stream(image.pixels()).anyMatch(pixel -> (pixel & 0xFFFFFF) != 0);
    }

    private static void awaitServerPicture(XvfbServer x, String window, QemuServer server, ViewerProcess viewer)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!showsServerPicture(x, window, server)) {
            assertTrue(System.nanoTime() < deadline, "the window never showed the server's picture: " + viewer.err());
            assertTrue(viewer.process().isAlive(), viewer.err());
            Thread.sleep(100);
        }
    }

    /**
     * Checks that the window shows the live picture's text dimmed, not black and not as it was, and the notice's
     * white letters in the middle, which the firmware's grey text has none of.
     */
    private static void assertDimmedWithTheNotice(PpmImage live, PpmImage shown) {
        assertEquals(live.width(), shown.width(), "the window keeps its size");
        assertEquals(live.height(), shown.height(), "the window keeps its size");
        int lit = 0;
        int dimmed = 0;
        // The top third: the firmware's lines, away from the notice in the middle.
        for (int y = 0; y < live.height() / 3; y++) {
            for (int x = 0; x < live.width(); x++) {
                int before = live.argb(x, y) >> 8 & 0xFF;
                int after = shown.argb(x, y) >> 8 & 0xFF;
                if (before > 100) {
                    lit++;
                    if (after > 0 && after < before * 6 / 10) {
                        dimmed++;
                    }
                }
            }
        }
        assertTrue(lit > 100, "the live picture has text: " + lit + " lit pixels");
        assertTrue(dimmed >= lit * 9 / 10, dimmed + " of the " + lit + " lit pixels are dimmed, not black");
        long white = 0;
        for (int y = live.height() / 3; y < live.height() * 2 / 3; y++) {
            for (int x = 0; x < live.width(); x++) {
                white += (shown.argb(x, y) & 0xFFFFFF) == 0xFFFFFF ? 1 : 0;
            }
        }
        assertTrue(white > 50, "the notice's white letters in the middle: " + white + " pixels");
    }

    /**
     * Notes when a port starts accepting connections, from a thread that tries every 10 ms: the moment the
     * restarted server listens, which {@link QemuServer#start(QemuOptions, int)} only returns some time after.
     */
    private static final class ListenProbe implements AutoCloseable {
        private final AtomicLong listeningNanos = new AtomicLong();
        private final Thread thread;

        ListenProbe(String host, int port) {
            thread = Thread.ofPlatform().daemon().name("listen-probe").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(host, port), 100);
                        listeningNanos.set(System.nanoTime());
                        return;
                    } catch (IOException e) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
            });
        }

        long listeningNanos() throws InterruptedException {
            thread.join(WAIT.toMillis());
            long at = listeningNanos.get();
            assertTrue(at != 0, "the restarted server never listened");
            return at;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    @Test
    void theWindowStaysOpenAcrossARestartDimmedMeanwhileAndThePictureIsBackWithinTwoSeconds() throws Exception {
        QemuServer first = QemuServer.start(still().build());
        int port = first.port();
        try (XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + first.host() + ":" + port,
                     "--reconnect", "-t", "saffron-restart")) {
            String window;
            PpmImage live;
            try (first) {
                window = x.awaitWindow("^saffron-restart", WAIT);
                awaitServerPicture(x, window, first, viewer);
                live = x.capture(window);
            }
            // The server is gone: the window stays, with the last picture dimmed and the notice over it.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!x.title(window).endsWith("reconnecting\u2026")) {
                assertTrue(System.nanoTime() < deadline, "no reconnecting title: " + x.title(window) + "\n" + viewer.err());
                Thread.sleep(100);
            }
            Thread.sleep(500);
            assertDimmedWithTheNotice(live, x.capture(window));
            assertTrue(viewer.process().isAlive(), viewer.err());
            assertTrue(viewer.err().contains("saffron: connection lost: "), viewer.err());

            try (ListenProbe probe = new ListenProbe(first.host(), port);
                 QemuServer second = QemuServer.start(still().build(), port)) {
                long listening = probe.listeningNanos();
                while (!showsServerPicture(x, window, second)) {
                    assertTrue(System.nanoTime() - listening < WAIT.toNanos(), "the picture never came back: "
                            + viewer.err());
                    Thread.sleep(20);
                }
                Duration back = Duration.ofNanos(System.nanoTime() - listening);
                System.out.println("ReconnectWindowIT: the picture was back " + back.toMillis()
                        + " ms after the restarted server listened");
                assertTrue(back.compareTo(PICTURE_BACK) <= 0, "the picture came back " + back.toMillis()
                        + " ms after the server listened, not within " + PICTURE_BACK.toMillis() + " ms");
                assertFalse(x.title(window).contains("reconnecting"), x.title(window));
                assertTrue(viewer.err().contains("saffron: reconnected after "), viewer.err());
                assertTrue(viewer.process().isAlive(), viewer.err());
            }
        }
    }

    @Test
    void theConnectCommandHandsEachConnectionTheRestartedServersNewPassword() throws Exception {
        Path ticket = temp.resolve("ticket");
        Path runs = temp.resolve("runs");
        Path hook = temp.resolve("ticket-service.sh");
        QemuServer first = QemuServer.start(still().password("first-ticket").build());
        int port = first.port();
        Files.writeString(ticket, "first-ticket");
        // What a Proxmox or oVirt ticket script does: ask for the current ticket, print a .vv with it.
        Files.writeString(hook, """
                echo run >> '%s'
                printf '[virt-viewer]\\ntype=spice\\nhost=%s\\nport=%d\\npassword=%%s\\ntitle=saffron-hook\\n' \\
                    "$(cat '%s')"
                """.formatted(runs, first.host(), port, ticket));
        try (XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), "--connect-command", "sh " + hook,
                     "--reconnect")) {
            String window;
            try (first) {
                window = x.awaitWindow("^saffron-hook", WAIT);
                awaitServerPicture(x, window, first, viewer);
                assertEquals(1, Files.readAllLines(runs).size(), "one run for the first connection");
            }
            Files.writeString(ticket, "second-ticket");
            try (QemuServer second = QemuServer.start(still().password("second-ticket").build(), port)) {
                awaitServerPicture(x, window, second, viewer);
                assertTrue(viewer.err().contains("saffron: reconnected after "), viewer.err());
                assertTrue(Files.readAllLines(runs).size() >= 2, "a run for each attempt");
                assertFalse(viewer.err().contains("second-ticket") || viewer.err().contains("first-ticket"),
                        "no ticket in the viewer's messages: " + viewer.err());
            }
        }
    }

    @Test
    void aSingleUseTicketWithoutACommandIsNotTriedAgain() throws Exception {
        QemuServer first = QemuServer.start(still().password("once").build());
        int port = first.port();
        Path file = temp.resolve("console.vv");
        Files.writeString(file, """
                [virt-viewer]
                type=spice
                host=%s
                port=%d
                password=once
                title=saffron-once
                delete-this-file=1
                """.formatted(first.host(), port));
        // Kiosk mode reconnects by default: the file's ticket is what stops it.
        try (XvfbServer x = XvfbServer.start(SCREEN_WIDTH, SCREEN_HEIGHT, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), "-k", file.toString())) {
            String window;
            try (first) {
                window = x.awaitWindow("^saffron-once", WAIT);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!inked(x.capture(window))) {
                    assertTrue(System.nanoTime() < deadline, "the kiosk window stayed black: " + viewer.err());
                    Thread.sleep(200);
                }
            }
            // The same ticket would be good again here: only the viewer's choice keeps it from being used.
            try (QemuServer second = QemuServer.start(still().password("once").build(), port)) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!x.title(window).contains("disconnected")) {
                    assertTrue(System.nanoTime() < deadline, "no disconnect: " + x.title(window) + "\n" + viewer.err());
                    Thread.sleep(100);
                }
                Thread.sleep(3000);
                String clients = second.qmp().execute("query-spice");
                assertTrue(clients.contains("\"channels\": []") || clients.contains("\"channels\":[]"),
                        "no client linked to the restarted server: " + clients);
                assertTrue(viewer.process().isAlive(), "a kiosk stays up: " + viewer.err());
                assertTrue(viewer.err().contains("saffron: disconnected: the session's ticket was for one use"),
                        viewer.err());
                assertFalse(viewer.err().contains("saffron: connection lost: "), "not one attempt: " + viewer.err());
            }
        }
    }
}
