package dev.saffron.spice;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.SmartcardGuest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smartcard channel against QEMU's emulated CCID reader ({@code usb-ccid} with {@code ccid-card-passthru})
 * and the real Linux guest's PC/SC stack (pcscd, libccid, OpenSC's {@code opensc-tool}): a card attached here
 * shows in the guest with its ATR (in its T=0 form: QEMU's reader speaks nothing else), the guest's APDUs
 * reach it and its answers reach the guest, removal and re-insertion are seen, a second reader is refused in
 * words (spice-server takes one), and a card that fails mid-APDU leaves the channel working. The card is a
 * small one written here, so that every byte the guest sees is known; host PC/SC readers are tested in
 * {@code saffron-smartcard}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmartcardGuestIT {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The ISO 7816 card of vsmartcard's vicc, the host peer's answer-to-reset too: it offers T=1 only. */
    private static final byte[] ATR = HexFormat.of().parseHex("3b951381018073ff01000b");
    /** What the guest's T=0 reader is shown of it: the same speed and historical bytes. */
    private static final String ATR_SHOWN = "3b:15:13:80:73:ff:01:00";
    private static final String GET_CHALLENGE = "00 84 00 00 08";

    private SmartcardGuest peer;
    private GuestVm guest;
    private SmartcardChannel channel;
    private final ChallengeCard card = new ChallengeCard();

    /**
     * A card that answers GET CHALLENGE with fresh random bytes, SELECT with success and anything else with
     * "instruction not supported", and remembers each challenge it gave; it can be told to fail.
     */
    private static final class ChallengeCard implements SmartcardReader {
        final List<String> challenges = new CopyOnWriteArrayList<>();
        final SecureRandom random = new SecureRandom();
        volatile boolean failing;

        @Override
        public String name() {
            return "Saffron Test Card";
        }

        @Override
        public byte[] transmit(byte[] command) throws SmartcardException {
            if (failing) {
                throw new SmartcardException("the test card fails on purpose");
            }
            int ins = command[1] & 0xFF;
            if (ins == 0x84 && command.length == 5) {
                byte[] challenge = new byte[command[4] == 0 ? 256 : command[4] & 0xFF];
                random.nextBytes(challenge);
                challenges.add(HexFormat.of().formatHex(challenge));
                byte[] answer = Arrays.copyOf(challenge, challenge.length + 2);
                answer[challenge.length] = (byte) 0x90;
                return answer;
            }
            if (ins == 0xA4) {
                return new byte[]{(byte) 0x90, 0x00};
            }
            return new byte[]{0x6D, 0x00};
        }
    }

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndConnect() throws Exception {
        peer = SmartcardGuest.start();
        guest = peer.guest();
        channel = peer.channel();
        assertEquals(0L, channel.attach(card).get(60, TimeUnit.SECONDS), "the server's id for the reader");
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shutDown() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anInsertedCardShowsInTheGuestWithItsAtr() throws Exception {
        channel.cardInserted(card, ATR);
        String atr = guest.agent().shellUntil("opensc-tool -r 0 --atr", ATR_SHOWN, WAIT);
        assertTrue(atr.contains(ATR_SHOWN), "the guest's opensc-tool says: " + atr);
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anApduFromTheGuestGetsTheCardsOwnAnswer() throws Exception {
        GuestAgent.ExecResult sent = guest.agent().shell("opensc-tool -r 0 -s '" + GET_CHALLENGE + "'",
                COMMAND_LIMIT);
        assertTrue(sent.succeeded(), sent.toString());
        assertFalse(card.challenges.isEmpty(), "the card got no GET CHALLENGE: " + sent);
        String challenge = card.challenges.getLast();
        String shown = sent.stdout().replaceAll("[^0-9A-Fa-f]", "").toLowerCase();
        assertTrue(shown.contains(challenge), "the guest did not get the card's " + challenge + ": " + sent);
        assertTrue(sent.stdout().contains("SW1=0x90, SW2=0x00"), sent.stdout());
    }

    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRemovedCardLeavesTheGuestsReaderEmptyAndComesBack() throws Exception {
        channel.cardRemoved(card);
        String empty = guest.agent().shellUntil("opensc-tool -r 0 --atr 2>&1", "not present", WAIT);
        assertTrue(empty.toLowerCase().contains("not present"), "the guest still sees a card: " + empty);
        channel.cardInserted(card, ATR);
        String back = guest.agent().shellUntil("opensc-tool -r 0 --atr", ATR_SHOWN, WAIT);
        assertTrue(back.contains(ATR_SHOWN), back);
    }

    @Test
    @Order(4)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSecondReaderIsRefusedInWordsAndTheFirstKeepsWorking() throws Exception {
        ChallengeCard second = new ChallengeCard();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> channel.attach(second).get(60, TimeUnit.SECONDS));
        assertInstanceOf(SpiceException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("one reader at a time"),
                refused.getCause().getMessage());
        assertEquals(List.of(card), channel.readers());
        int before = card.challenges.size();
        assertTrue(guest.agent().shell("opensc-tool -r 0 -s '" + GET_CHALLENGE + "'", COMMAND_LIMIT).succeeded());
        assertEquals(before + 1, card.challenges.size());
    }

    @Test
    @Order(5)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCardFailingMidApduLeavesTheChannelWorking() throws Exception {
        card.failing = true;
        GuestAgent.ExecResult failed = guest.agent().shell("opensc-tool -r 0 -s '" + GET_CHALLENGE + "' 2>&1",
                COMMAND_LIMIT);
        card.failing = false;
        assertFalse(failed.stdout().contains("SW1=0x90"), "a failing card answered: " + failed);
        assertTrue(channel.isOpen(), "the channel ended");
        // The guest may need the card reset after the failure; a re-insertion is what a user would do.
        channel.cardRemoved(card);
        guest.agent().shellUntil("opensc-tool -r 0 --atr 2>&1", "not present", WAIT);
        channel.cardInserted(card, ATR);
        guest.agent().shellUntil("opensc-tool -r 0 --atr", ATR_SHOWN, WAIT);
        int before = card.challenges.size();
        GuestAgent.ExecResult again = guest.agent().shell("opensc-tool -r 0 -s '" + GET_CHALLENGE + "'",
                COMMAND_LIMIT);
        assertTrue(again.succeeded() && again.stdout().contains("SW1=0x90"), again.toString());
        assertEquals(before + 1, card.challenges.size());
    }

    /** Runs a guest command until its output contains {@code expected} or a minute passes; returns the last. */
}
