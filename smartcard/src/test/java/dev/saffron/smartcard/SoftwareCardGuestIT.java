package dev.saffron.smartcard;

import dev.saffron.spice.SmartcardChannel;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.SmartcardGuest;
import dev.saffron.spice.testing.TestCertificates.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The software card as the real guest uses it, through the smartcard channel, QEMU's emulated CCID reader and
 * the guest's pcscd, libccid and OpenSC: {@code pkcs11-tool} lists the card's certificates, logs in with the
 * PIN and signs, and the signature verifies here with the certificate; the card taken out and put back is
 * seen. spice-gtk's equivalent is libcacard's emulated card from {@code smartcard-certificates}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SoftwareCardGuestIT {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PKCS11 = "pkcs11-tool --module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

    private final Issued authentication = TestCredentials.rsa("CN=Saffron guest user");
    private final Issued signing = TestCredentials.ec("CN=Saffron guest signer");
    private SmartcardGuest peer;
    private GuestVm guest;
    private SmartcardChannel channel;
    private SoftwareCard card;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndInsert() throws Exception {
        card = SoftwareCard.create("Saffron Software Card", List.of(TestCredentials.credential(authentication),
                TestCredentials.credential(signing)));
        peer = SmartcardGuest.start();
        guest = peer.guest();
        channel = peer.channel();
        channel.attach(card).get(60, TimeUnit.SECONDS);
        channel.cardInserted(card, card.atr());
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
    void theGuestsOpenScListsTheCardsCertificates() throws Exception {
        String objects = guest.agent().shellUntil(PKCS11 + " --list-objects --type cert", "Saffron guest signer",
                WAIT);
        assertTrue(objects.contains("Saffron guest user"), objects);
        assertTrue(objects.contains("Saffron guest signer"), objects);
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestSignsWithTheCardsKeyAndTheSignatureVerifiesWithTheCertificate() throws Exception {
        byte[] data = ("signed in the guest " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        guest.agent().writeFile("/tmp/to-sign", data);
        GuestAgent.ExecResult signed = guest.agent().shell(PKCS11 + " --login --pin " + SoftwareCard.DEFAULT_PIN
                + " --sign --id 01 --mechanism SHA256-RSA-PKCS --input-file /tmp/to-sign --output-file /tmp/sig",
                COMMAND_LIMIT);
        assertTrue(signed.succeeded(), signed.toString());
        byte[] signature = guest.agent().readFile("/tmp/sig");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(authentication.certificate());
        verifier.update(data);
        assertTrue(verifier.verify(signature), "the guest's signature does not verify: "
                + HexFormat.of().formatHex(signature));
    }

    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aWrongPinIsRefusedByTheCard() throws Exception {
        GuestAgent.ExecResult refused = guest.agent().shell(PKCS11 + " --login --pin 000000 --sign --id 01"
                + " --mechanism SHA256-RSA-PKCS --input-file /tmp/to-sign --output-file /tmp/sig-wrong 2>&1",
                COMMAND_LIMIT);
        assertFalse(refused.succeeded(), "a wrong PIN signed: " + refused);
        assertTrue(refused.stdout().contains("CKR_PIN_INCORRECT"), refused.stdout());
    }

    @Test
    @Order(4)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCardTakenOutAndPutBackIsSeen() throws Exception {
        card.remove();
        channel.cardRemoved(card);
        String gone = guest.agent().shellUntil("opensc-tool -r 0 --atr 2>&1", "not present", WAIT);
        assertTrue(gone.toLowerCase().contains("not present"), gone);
        card.insert();
        channel.cardInserted(card, card.atr());
        String back = guest.agent().shellUntil(PKCS11 + " --list-objects --type cert", "Saffron guest user",
                WAIT);
        assertTrue(back.contains("Saffron guest user"), back);
        assertEquals(List.of(card), channel.readers());
    }

}
