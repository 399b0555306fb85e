package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.GuestWebdavd;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code saffron share URI DIR} as a user runs it, with the real guest's spice-webdavd: the guest reads a file
 * of the folder and writes one into it with curl, and the command ends with its standard input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShareCliIT {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);

    private Path temp;
    private Path folder;
    private GuestVm guest;
    private LauncherProcess saffron;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void start() throws Exception {
        temp = Files.createTempDirectory("saffron-share-cli-");
        folder = Files.createDirectory(temp.resolve("shared folder"));
        Files.writeString(folder.resolve("from host.txt"), "written on the host");
        guest = GuestVm.start(QemuOptions.defaults());
        saffron = LauncherProcess.start(temp, Map.of(), "share",
                "spice://" + guest.server().host() + ":" + guest.server().port(), folder.toString());
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
    @Order(1)
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestReadsAndWritesTheSharedFolder() throws Exception {
        String line = saffron.nextLine(Duration.ofSeconds(90));
        assertEquals("sharing " + folder + " with the guest until standard input ends", line, stderr());
        GuestWebdavd.start(guest.agent());
        GuestAgent.ExecResult read = guest.agent().shell("curl -s '" + GuestWebdavd.URL + "/from%20host.txt'",
                COMMAND_LIMIT);
        assertEquals("written on the host", read.stdout(), read + "\n" + stderr());
        GuestAgent.ExecResult write = guest.agent().shell("echo 'written in the guest' >/tmp/g.txt && curl -s -o "
                + "/dev/null -w '%{http_code}' -T /tmp/g.txt '" + GuestWebdavd.URL + "/from%20guest.txt'",
                COMMAND_LIMIT);
        assertEquals("201", write.stdout(), write + "\n" + stderr());
        assertEquals("written in the guest\n", Files.readString(folder.resolve("from guest.txt")));
    }

    @Test
    @Order(2)
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theCommandEndsWithItsInput() throws Exception {
        assertTrue(saffron.endInput(Duration.ofSeconds(60)), "saffron share still runs after stdin closed");
        assertEquals(0, saffron.process().exitValue(), stderr());
        assertFalse(stderr().contains("Exception"), stderr());
    }

    private String stderr() throws IOException {
        return saffron == null ? "" : saffron.stderr();
    }
}
