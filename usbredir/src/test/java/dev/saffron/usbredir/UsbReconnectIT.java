package dev.saffron.usbredir;

import dev.saffron.spice.ReconnectPolicy;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulated disk comes back after QEMU is killed and started again on the same port: the session reconnects
 * by itself, and the restarted QEMU's usb-redir gets the disk on its USB bus without the application redirecting
 * it again. QEMU runs without a guest: {@code info usb} shows the usb-redir port at the disk's speed while it holds
 * the disk (1.5 Mb/s while empty).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UsbReconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HIGH_SPEED = "Speed 480 Mb/s";

    @TempDir
    Path folder;

    private static String usbDevices(QemuServer server) throws Exception {
        return server.qmp().execute("human-monitor-command", "{\"command-line\": \"info usb\"}");
    }

    private static void awaitDisk(QemuServer server) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!usbDevices(server).contains(HIGH_SPEED)) {
            assertTrue(System.nanoTime() < deadline, "QEMU's USB bus never got the disk: " + usbDevices(server));
            Thread.sleep(200);
        }
    }

    @Test
    void aRestartedQemuGetsTheRedirectedDiskBack() throws Exception {
        Path image = folder.resolve("stick.img");
        Files.write(image, new byte[1024 * 1024]);
        QemuOptions options = QemuOptions.builder().usbRedirectionSlots(1).build();
        QemuServer first = QemuServer.start(options);
        CompletableFuture<Void> reconnecting = new CompletableFuture<>();
        CompletableFuture<Void> reconnected = new CompletableFuture<>();
        try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, false);
             SpiceSession session = new SpiceSession(SessionConfig.builder().host(first.host()).port(first.port())
                     .usbredirEnabled(true)
                     .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(500)))
                     .build());
             UsbRedirector redirector = UsbRedirector.attach(session)) {
            session.addListener(new SessionListener() {
                @Override
                public void reconnecting(int attempt, Duration delay, SpiceException cause) {
                    reconnecting.complete(null);
                }

                @Override
                public void reconnected(int attempts) {
                    reconnected.complete(null);
                }
            });
            session.connect();
            session.awaitChannels(WAIT);
            assertEquals(1, redirector.slotCount());
            UsbRedirection redirection = redirector.redirect(disk).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            awaitDisk(first);

            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            reconnecting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            first.close();
            try (QemuServer second = QemuServer.start(options, first.port())) {
                reconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                awaitDisk(second);
                assertFalse(redirection.ended().isDone(), "the redirection went on");
                assertEquals(1, redirection.channel().stream(), "the slot's stream started over once");
                assertEquals(1, redirector.redirections().size());
                redirection.unplug().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (usbDevices(second).contains(HIGH_SPEED)) {
                    assertTrue(System.nanoTime() < deadline, "the new QEMU kept the disk after the unplug");
                    Thread.sleep(200);
                }
            }
        } finally {
            first.close();
        }
    }
}
