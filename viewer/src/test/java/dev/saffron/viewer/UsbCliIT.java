package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code saffron usb URI --disk IMAGE --read-only} as a user runs it, against QEMU's {@code usb-redir} and the
 * test guest: the guest gets a write-protected USB disk whose bytes are the image's, and the disk leaves the
 * guest when the command's standard input ends. The disk's whole behaviour is tested in saffron-usbredir's
 * {@code UsbDiskGuestIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsbCliIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String FIND_DISK = "for d in /sys/block/sd*; do [ -e $d/device/vendor ] && "
            + "grep -q Saffron $d/device/vendor && echo disk=${d##*/}; done; true";

    private Path temp;
    private GuestVm guest;
    private LauncherProcess saffron;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void start() throws Exception {
        temp = Files.createTempDirectory("saffron-usb-cli-");
        guest = GuestVm.start(QemuOptions.builder().usbRedirectionSlots(1).build());
    }

    @AfterAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stop() throws Exception {
        try {
            if (saffron != null) {
                saffron.close();
            }
            if (guest != null) {
                guest.close();
            }
        } finally {
            TestFiles.deleteRecursively(temp);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestGetsAReadOnlyDiskUntilStdinEnds() throws Exception {
        Path image = temp.resolve("stick.img");
        byte[] contents = new byte[4 * 1024 * 1024];
        for (int i = 0; i < contents.length; i++) {
            contents[i] = (byte) (i * 7 + i / 4096);
        }
        Files.write(image, contents);
        saffron = LauncherProcess.start(temp, Map.of(), "usb",
                "spice://" + guest.server().host() + ":" + guest.server().port(), "--disk=" + image, "--read-only");

        String line = saffron.nextLine(Duration.ofSeconds(90));
        assertNotNull(line, stderr());
        assertTrue(line.startsWith("the guest has USB disk stick.img (read-only) (1209:0001) on usbredir-"),
                line + "\n" + stderr());
        String found = guest.agent().shellUntil(FIND_DISK, "disk=", WAIT);
        assertTrue(found.contains("disk="), found + "\n" + stderr());
        String device = found.substring(found.indexOf("disk=") + 5).strip().split("\\s")[0];
        String sum = guest.agent().shell("cat /sys/block/" + device + "/ro; dd if=/dev/" + device
                + " bs=1M iflag=direct 2>/dev/null | sha256sum", Duration.ofSeconds(60)).stdout();
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(contents));
        assertTrue(sum.startsWith("1\n") && sum.contains(expected), sum);

        assertTrue(saffron.endInput(Duration.ofSeconds(60)), "saffron usb still runs after stdin closed");
        assertEquals(0, saffron.process().exitValue(), stderr());
        assertFalse(stderr().contains("Exception"), stderr());
        String marker = "__no_disk__";
        String left = guest.agent().shellUntil("[ -z \"$(" + FIND_DISK + ")\" ] && echo " + marker, marker, WAIT);
        assertTrue(left.contains(marker), "the guest still has the disk: " + left);
    }

    private String stderr() throws IOException {
        return saffron == null ? "" : saffron.stderr();
    }
}
