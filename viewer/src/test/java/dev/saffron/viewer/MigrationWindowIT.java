package dev.saffron.viewer;

import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer window across a live migration between two QEMUs on loopback (issue 18), as Proxmox and oVirt
 * migrate a VM under a console: the window stays open, never says it disconnected, links to the destination
 * and goes on showing its picture once the source is gone. Both of spice-server's modes. Xvfb and Mesa's software
 * OpenGL, as {@link ViewerWindowIT}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MigrationWindowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The firmware waits at its boot menu prompt: a still picture, the same on both sides after the migration. */
    private static final String[] STILL_FIRMWARE = {"-boot", "menu=on,splash-time=60000"};
    /** The blinking text cursor is the only thing that may differ between the window and the server's picture. */
    private static final int CURSOR_PIXELS = 9 * 16;

    @TempDir
    Path temp;

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean showsServerPicture(XvfbServer x, String window, QemuServer server)
            throws IOException, InterruptedException {
        PpmImage shown = x.capture(window);
        PpmImage screen = server.screendump();
        return shown.width() == screen.width() && shown.height() == screen.height()
                && screen.differingPixels(shown.pixels(), shown.width()) <= CURSOR_PIXELS
                && Arrays.stream(screen.pixels()).anyMatch(pixel -> (pixel & 0xFFFFFF) != 0);
    }

    private static void awaitServerPicture(XvfbServer x, String window, QemuServer server, ViewerProcess viewer)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!showsServerPicture(x, window, server)) {
            assertTrue(System.nanoTime() < deadline, "the window never showed " + server + "'s picture: "
                    + viewer.err());
            assertTrue(viewer.process().isAlive(), viewer.err());
            Thread.sleep(100);
        }
    }

    @Test
    void theWindowStaysOpenAcrossASemiSeamlessMigration() throws Exception {
        theWindowStaysOpenAndShowsTheDestination(false);
    }

    @Test
    void theWindowStaysOpenAcrossASeamlessMigration() throws Exception {
        theWindowStaysOpenAndShowsTheDestination(true);
    }

    private void theWindowStaysOpenAndShowsTheDestination(boolean seamless) throws Exception {
        int incoming = freeLoopbackPort();
        QemuOptions.Builder options = QemuOptions.builder().extraArguments(STILL_FIRMWARE)
                .seamlessMigration(seamless);
        QemuServer source = QemuServer.start(options.build());
        try (QemuServer destination = QemuServer.start(options.extraArguments("-incoming",
                "tcp:127.0.0.1:" + incoming).build());
             XvfbServer x = XvfbServer.start(1024, 768, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + source.host() + ":"
                     + source.port(), "-t", "saffron-migration")) {
            String window;
            try (source) {
                window = x.awaitWindow("^saffron-migration", WAIT);
                awaitServerPicture(x, window, source, viewer);
                assertTrue(destination.qmp().execute("query-status").contains("inmigrate"), "the destination waits");

                source.qmp().execute("client_migrate_info", "{\"protocol\": \"spice\", "
                        + "\"hostname\": \"127.0.0.1\", \"port\": " + destination.port() + "}");
                source.qmp().execute("migrate", "{\"uri\": \"tcp:127.0.0.1:" + incoming + "\"}");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!source.qmp().execute("query-migrate").contains("\"completed\"")) {
                    assertTrue(System.nanoTime() < deadline, "the migration did not complete: "
                            + source.qmp().execute("query-migrate"));
                    Thread.sleep(100);
                }
                // The destination's SPICE server has the window's display channel (type 2) linked.
                deadline = System.nanoTime() + WAIT.toNanos();
                while (!destination.qmp().execute("query-spice").matches("(?s).*\"channel-type\": ?2\\b.*")) {
                    assertTrue(System.nanoTime() < deadline, "the window never linked to the destination: "
                            + destination.qmp().execute("query-spice") + "\n" + viewer.err());
                    Thread.sleep(100);
                }
                // As libvirt waits for SPICE_MIGRATE_COMPLETED before it ends the source: the window has left
                // it. A seamless move ends with every channel's MIGRATE_DATA, after the machine's migration.
                deadline = System.nanoTime() + WAIT.toNanos();
                while (source.qmp().execute("query-spice").contains("\"channel-type\"")) {
                    assertTrue(System.nanoTime() < deadline, "the window never left the source: "
                            + source.qmp().execute("query-spice") + "\n" + viewer.err());
                    Thread.sleep(100);
                }
            }
            // The source is done and gone: whatever the window shows from now on comes from the destination.
            awaitServerPicture(x, window, destination, viewer);
            Thread.sleep(2000);
            assertTrue(showsServerPicture(x, window, destination), "the destination's picture stays");
            assertTrue(viewer.process().isAlive(), viewer.err());
            assertFalse(x.title(window).contains("disconnected"), x.title(window) + "\n" + viewer.err());
            assertFalse(viewer.err().contains("saffron: disconnected"), viewer.err());
        }
    }
}
