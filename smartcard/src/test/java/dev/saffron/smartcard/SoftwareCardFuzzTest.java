package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.SmartcardException;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Command APDUs from a hostile guest, one after another on one software card: every command gets a response
 * APDU of at least a status word, no longer than the largest Le allows, with a status word the card defines;
 * nothing is thrown and nothing is allocated by a length the guest claims.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SoftwareCardFuzzTest {
    /** An RSA key in 9A and EC keys in 9C and 9D: every GENERAL AUTHENTICATE path has a key to reach. */
    private static final List<CardCredential> CREDENTIALS = List.of(
            TestCredentials.credential(TestCredentials.rsa("CN=Fuzz RSA")),
            TestCredentials.credential(TestCredentials.ec("CN=Fuzz EC signature")),
            TestCredentials.credential(TestCredentials.ec("CN=Fuzz EC key management")));
    /** The high bytes of the status words the card answers with. */
    private static final Set<Integer> STATUS_CLASSES = Set.of(0x90, 0x61, 0x63, 0x67, 0x69, 0x6A, 0x6D, 0x6E);

    /**
     * @param input a flags byte (bit 0: SELECT the PIV application first, bit 1: then VERIFY the right PIN, so
     *              the fuzzer starts past the states it cannot guess), then command APDUs, each a big-endian
     *              u16 length and its bytes
     */
    @FuzzTest
    void commands(byte[] input) throws SmartcardException {
        if (input.length < 1) {
            return;
        }
        SoftwareCard card = SoftwareCard.create("Fuzz card", CREDENTIALS);
        if ((input[0] & 1) != 0) {
            card.transmit(Apdus.select());
            if ((input[0] & 2) != 0) {
                card.transmit(Apdus.verify(SoftwareCard.DEFAULT_PIN));
            }
        }
        ByteBuffer commands = ByteBuffer.wrap(input, 1, input.length - 1);
        while (commands.remaining() >= 2) {
            int length = Math.min(Short.toUnsignedInt(commands.getShort()), commands.remaining());
            byte[] command = new byte[length];
            commands.get(command);
            byte[] response = card.transmit(command);
            assertTrue(response.length >= 2 && response.length <= 65536 + 2, "response of " + response.length);
            int statusClass = response[response.length - 2] & 0xFF;
            assertTrue(STATUS_CLASSES.contains(statusClass), () -> "status word class " + Integer.toHexString(statusClass));
        }
    }
}
