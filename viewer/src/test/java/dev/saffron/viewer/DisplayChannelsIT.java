package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guest with a second QXL card, so a second display channel: without {@code --monitors} the viewer gives it a
 * window of its own, next to the first display's, that shows exactly what QEMU shows of that card
 * ({@code screendump} of the device; spicy-screenshot shows only the first channel). The guest's X runs on the
 * first card; the second shows the kernel's frame buffer console device, filled with random pixels here.
 */
class DisplayChannelsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);
    private static final String TITLE = "saffron-channels";
    private static final String SECOND_CARD = "saffron-qxl-2";

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSecondDisplayChannelGetsAWindowShowingItsCard() throws Exception {
        try (GuestVm guest = GuestVm.start(QemuOptions.builder()
                .extraArguments("-device", "qxl,id=" + SECOND_CARD).build());
             XvfbServer x = XvfbServer.start(2400, 1000, temp)) {
            GuestAgent.ExecResult fill = guest.agent().shell("ls /dev/fb1 && head -c $((1024 * 768 * 4)) /dev/urandom"
                    + " > /dev/fb1", COMMAND_LIMIT);
            assertTrue(fill.succeeded(), "the second card's frame buffer: " + fill);
            try (ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + guest.server().host()
                    + ":" + guest.server().port(), "-t", TITLE, "--spice-debug")) {
                String second = x.awaitWindow("^" + TITLE + " \\(2\\)$", WAIT);
                x.awaitWindow("^" + TITLE + "$", WAIT);
                long deadline = System.nanoTime() + WAIT.toNanos();
                String last;
                do {
                    Thread.sleep(2000);
                    guest.server().qmp().stop();
                    PpmImage card;
                    PpmImage shown;
                    try {
                        Thread.sleep(1000);
                        card = screendump(guest);
                        shown = x.capture(second);
                    } finally {
                        guest.server().qmp().cont();
                    }
                    if (card.width() == shown.width() && card.height() == shown.height()
                            && card.differingPixels(shown) == 0) {
                        return;
                    }
                    last = "the window shows " + shown + ", the card " + card + (card.width() == shown.width()
                            && card.height() == shown.height() ? ", " + card.differingPixels(shown)
                            + " pixels differ" : "");
                } while (System.nanoTime() < deadline);
                throw new AssertionError(last + "\n" + viewer.err());
            }
        }
    }

    private PpmImage screendump(GuestVm guest) throws Exception {
        Path file = temp.resolve("card-" + System.nanoTime() + ".ppm");
        guest.server().qmp().execute("screendump", "{\"filename\": \"" + file + "\", \"device\": \""
                + SECOND_CARD + "\"}");
        try {
            return PpmImage.read(file);
        } finally {
            TestFiles.deleteRecursively(file);
        }
    }
}
