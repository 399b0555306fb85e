package dev.saffron.spice;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestSession;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Linux test guest against Saffron: one boot (image built or reused, QEMU with {@code streaming-video=all})
 * shared by every test, since a boot costs 20-60 s under TCG.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestVmIT {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);
    private static final Pattern DIMENSIONS = Pattern.compile("dimensions:\\s+(\\d+)x(\\d+) pixels");

    @AutoClose
    private GuestSession connection;
    private GuestVm guest;
    private DisplayChannel display;
    private MainChannel main;

    /** Twenty minutes cover an image built from scratch on a slow mirror plus a boot under load. */
    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndConnect() throws Exception {
        connection = GuestSession.start(QemuOptions.builder().streamingVideo(QemuOptions.StreamingVideo.ALL).build(),
                GuestVm.ModeSetting.KERNEL);
        guest = connection.guest();
        main = connection.main();
        display = connection.display();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void guestAgentRunsCommandsOnTheImagesKernel() throws Exception {
        GuestAgent.ExecResult result = guest.agent().exec(COMMAND_LIMIT, "uname", "-r");
        String built = Files.readString(guest.imageDirectory().resolve("kernel-version")).strip();
        assertTrue(result.succeeded(), "uname -r: " + result);
        assertTrue(result.stdout().strip().matches("\\d+\\.\\d+\\.\\d+.*"), "uname -r printed " + result.stdout());
        assertEquals(built, result.stdout().strip());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void guestFilesRoundTripThroughTheAgent() throws Exception {
        byte[] content = ("written by " + getClass().getName() + " at " + System.nanoTime() + "\n")
                .repeat(4000).getBytes(StandardCharsets.UTF_8);
        guest.agent().writeFile("/tmp/saffron-roundtrip", content);
        GuestAgent.ExecResult size = guest.agent().shell("wc -c < /tmp/saffron-roundtrip", COMMAND_LIMIT);
        assertEquals(String.valueOf(content.length), size.stdout().strip(), "size in the guest: " + size);
        assertEquals(new String(content, StandardCharsets.UTF_8),
                new String(guest.agent().readFile("/tmp/saffron-roundtrip"), StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theXScreenIsThePrimarySurface() throws Exception {
        GuestAgent.ExecResult xdpyinfo = guest.agent().shell("DISPLAY=:0 xdpyinfo", COMMAND_LIMIT);
        assertTrue(xdpyinfo.succeeded(), "xdpyinfo: " + xdpyinfo);
        Matcher dimensions = DIMENSIONS.matcher(xdpyinfo.stdout());
        assertTrue(dimensions.find(), "xdpyinfo printed no dimensions:\n" + xdpyinfo.stdout());
        DisplaySurface surface = display.primarySurface().orElseThrow();
        assertEquals(Integer.parseInt(dimensions.group(1)) + "x" + Integer.parseInt(dimensions.group(2)),
                surface.width() + "x" + surface.height());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theMainChannelSeesTheGuestsAgent() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!main.isAgentConnected() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(main.isAgentConnected(), "the agent never connected; the guest's console:\n" + guest.consoleTail());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theAnimationKeepsTheDisplayInvalidating() throws Exception {
        long before = connection.invalidations();
        GuestAgent.ExecResult run = guest.agent().shell("saffron-workload animate 8", Duration.ofSeconds(60));
        long during = connection.invalidations() - before;
        assertTrue(run.succeeded(), "saffron-workload animate: " + run);
        // 16 bands at about 10 frames a second for 8 s are over a thousand fills; a slow machine delivers fewer.
        assertTrue(during >= 50, "invalidations during 8 s of animation: " + during);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theVideoBecomesAStream() throws Exception {
        long before = display.engine().streamsCreated();
        GuestAgent.ExecResult run = guest.agent().shell("saffron-workload video 10", Duration.ofSeconds(60));
        assertTrue(run.succeeded(), "saffron-workload video: " + run);
        assertTrue(display.engine().streamsCreated() > before, "no stream was created; frames shown "
                + display.streamFramesShown() + ", dropped " + display.streamFramesDropped());
        assertEquals(0, display.decodeErrors());
    }
}
