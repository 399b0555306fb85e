package dev.saffron.bench;

import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A QEMU server running one {@link LiveWorkload}'s animated guest for another program to connect to: the
 * AOT cache's training session ({@code scripts/aot-cache}, {@code scripts/package}) and measurements by hand.
 * Prints {@code spice://HOST:PORT} once the animation runs, and stops QEMU when its standard input ends.
 *
 * <p>{@code LiveServer WORKLOAD}
 */
public final class LiveServer {
    private static final Duration ANIMATION_TIMEOUT = Duration.ofSeconds(120);
    /** Mode 13h's 320x200, as QEMU's display shows it; SeaBIOS's text screen is 720x400. */
    private static final int ANIMATION_WIDTH = 640;
    private static final int ANIMATION_HEIGHT = 400;

    private LiveServer() {
    }

    /** @param args one workload's label: glz, quic, off, jpeg, video or default */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LiveServer WORKLOAD");
            System.exit(2);
        }
        LiveWorkload workload = LiveWorkload.byLabel(args[0]);
        Path guestFiles = Files.createTempDirectory("saffron-live-guest-");
        try (QemuServer server = start(workload, guestFiles)) {
            System.out.println("spice://" + server.host() + ":" + server.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        } finally {
            try (var files = Files.list(guestFiles)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(guestFiles);
        }
    }

    /**
     * Starts QEMU with the animated guest under the workload's settings and returns once the animation runs.
     *
     * @param guestFiles an empty directory for the guest's disk, which the caller deletes after the server
     */
    static QemuServer start(LiveWorkload workload, Path guestFiles) throws IOException, InterruptedException {
        QemuServer server = QemuServer.start(workload.serverOptions()
                .extraArguments(AnimatedGuest.qemuArguments(guestFiles).toArray(String[]::new)).build());
        try {
            awaitAnimation(server);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Waits until the guest has switched to its animation's video mode, past the firmware's screens. */
    private static void awaitAnimation(QemuServer server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ANIMATION_TIMEOUT.toNanos();
        while (true) {
            PpmImage screen = server.screendump();
            if (screen.width() == ANIMATION_WIDTH && screen.height() == ANIMATION_HEIGHT) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the animated guest did not start within " + ANIMATION_TIMEOUT + "; the screen "
                        + "is " + screen.width() + "x" + screen.height());
            }
            Thread.sleep(200);
        }
    }
}
