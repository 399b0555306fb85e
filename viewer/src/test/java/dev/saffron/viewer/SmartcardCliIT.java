package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.spice.testing.VirtualSmartcard;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code saffron smartcard URI} with the host's reader, end to end: a private pcscd with vsmartcard's virtual
 * reader and ISO 7816 card on the host (the same as a USB reader to PC/SC), the launcher as a user runs it,
 * and the real guest's pcscd and OpenSC behind QEMU's CCID device. The guest sees the card (its ATR in the
 * T=0 form QEMU's reader needs), its APDUs get the virtual card's own answers, the card pulled on the host
 * leaves the guest's reader and comes back, and the command ends with its standard input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmartcardCliIT {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The virtual card's ATR as the guest's T=0 reader is shown it: the same speed and historical bytes. */
    private static final String ATR_SHOWN = "3b:15:13:80:73:ff:01:00";

    private Path temp;
    private VirtualSmartcard host;
    private GuestVm guest;
    private LauncherProcess saffron;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void start() throws Exception {
        temp = Files.createTempDirectory("saffron-smartcard-cli-");
        host = VirtualSmartcard.start(temp.resolve("pcsc"));
        host.insertCard(0);
        guest = GuestVm.start(QemuOptions.builder().smartcard(true).build());
        saffron = LauncherProcess.start(temp, host.clientEnvironment(), "smartcard",
                "spice://" + guest.server().host() + ":" + guest.server().port(), "--reader", host.readerName(0));
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
            if (host != null) {
                host.close();
            }
            TestFiles.deleteRecursively(temp);
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestGetsTheHostsReaderWithItsCard() throws Exception {
        String line = saffron.nextLine(Duration.ofSeconds(90));
        assertEquals("the guest has the reader '" + host.readerName(0) + "'", line, stderr());
        String atr = guest.agent().shellUntil("opensc-tool -r 0 --atr", ATR_SHOWN, WAIT);
        assertTrue(atr.contains(ATR_SHOWN), atr + "\n" + stderr());
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestsApdusGetTheHostCardsOwnAnswers() throws Exception {
        // The ISO 7816 card answers GET CHALLENGE with eight random bytes: two runs, two different answers.
        String first = challenge();
        String second = challenge();
        assertEquals(16, first.length(), first);
        assertFalse(first.equals(second), "the same challenge twice: " + first);
    }

    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCardPulledOnTheHostLeavesTheGuestAndComesBack() throws Exception {
        host.removeCard(0);
        String empty = guest.agent().shellUntil("opensc-tool -r 0 --atr 2>&1", "not present", WAIT);
        assertTrue(empty.toLowerCase().contains("not present"), empty + "\n" + stderr());
        host.insertCard(0);
        String back = guest.agent().shellUntil("opensc-tool -r 0 --atr", ATR_SHOWN, WAIT);
        assertTrue(back.contains(ATR_SHOWN), back + "\n" + stderr());
        assertEquals(16, challenge().length());
    }

    @Test
    @Order(4)
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theCommandEndsWithItsInput() throws Exception {
        assertTrue(saffron.endInput(Duration.ofSeconds(60)), "saffron smartcard still runs after stdin closed");
        assertEquals(0, saffron.process().exitValue(), stderr());
        assertFalse(stderr().contains("Exception"), stderr());
    }

    /** @return the eight bytes the card gave the guest for GET CHALLENGE, as hex */
    private String challenge() throws Exception {
        GuestAgent.ExecResult sent = guest.agent().shell("opensc-tool -r 0 -s '00 84 00 00 08'", COMMAND_LIMIT);
        assertTrue(sent.succeeded() && sent.stdout().contains("SW1=0x90, SW2=0x00"), sent + "\n" + stderr());
        List<String> lines = sent.stdout().lines().toList();
        int received = 0;
        while (received < lines.size() && !lines.get(received).startsWith("Received")) {
            received++;
        }
        StringBuilder hex = new StringBuilder();
        for (String line : lines.subList(Math.min(received + 1, lines.size()), lines.size())) {
            // opensc-tool prints the bytes as hex pairs, then the same bytes as characters.
            for (String token : line.strip().split(" ")) {
                if (!token.matches("[0-9A-Fa-f]{2}")) {
                    break;
                }
                hex.append(token);
            }
        }
        return hex.toString().toLowerCase();
    }


    private String stderr() throws IOException {
        return saffron == null ? "" : saffron.stderr();
    }
}
