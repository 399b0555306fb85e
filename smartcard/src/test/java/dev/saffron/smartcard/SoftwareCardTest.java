package dev.saffron.smartcard;

import static dev.saffron.smartcard.Apdus.data;
import static dev.saffron.smartcard.Apdus.exchange;
import static dev.saffron.smartcard.Apdus.sw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.smartcard.BerTlv.Element;
import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.testing.TestCertificates.Issued;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

class SoftwareCardTest {
    private static final Issued RSA = TestCredentials.rsa("CN=Alice Authentication");
    private static final Issued EC_SIGN = TestCredentials.ec("CN=Alice Signature");
    private static final Issued EC_KEY = TestCredentials.ec("CN=Alice Key Management");
    /** DigestInfo's prefix for SHA-256 (RFC 8017, 9.2), before the 32-byte digest. */
    private static final byte[] SHA256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");

    private final SoftwareCard card = SoftwareCard.create("Test card", List.of(TestCredentials.credential(RSA),
            TestCredentials.credential(EC_SIGN), TestCredentials.credential(EC_KEY)));

    @Test
    void selectAnswersWithTheApplicationPropertyTemplate() throws Exception {
        byte[] reply = card.transmit(Apdus.select());
        assertEquals(0x9000, sw(reply));
        byte[] template = data(reply);
        List<Element> outer = BerTlv.parse(template, 0, template.length);
        assertEquals(0x61, outer.getFirst().tag());
        Element pix = BerTlv.parse(template, outer.getFirst().offset(), template.length).getFirst();
        assertEquals(0x4F, pix.tag());
        assertArrayEquals(HexFormat.of().parseHex("000010000100"),
                Arrays.copyOfRange(template, pix.offset(), pix.offset() + pix.length()));
    }

    @Test
    void theAidWithoutItsVersionSelectsTooAndOthersAreNotFound() throws Exception {
        byte[] truncated = Arrays.copyOf(Apdus.PIV_AID, 9);
        assertEquals(0x9000, sw(card.transmit(Apdus.shortApdu(0, 0xA4, 4, 0, truncated, 0))));
        byte[] other = HexFormat.of().parseHex("A000000151000000");
        assertEquals(0x6A82, sw(card.transmit(Apdus.shortApdu(0, 0xA4, 4, 0, other, 0))));
        byte[] masterFile = {0x3F, 0x00};
        assertEquals(0x6A82, sw(card.transmit(Apdus.shortApdu(0, 0xA4, 0, 0x0C, masterFile, -1))));
    }

    @Test
    void beforeSelectOnlySelectIsKnown() throws Exception {
        assertEquals(0x6D00, sw(card.transmit(Apdus.getData(0x5FC105))));
        assertEquals(0x6D00, sw(card.transmit(Apdus.verify("123456"))));
    }

    @Test
    void certificateComesAcrossSeveralGetResponseRoundsByteForByte() throws Exception {
        card.transmit(Apdus.select());
        byte[] first = card.transmit(Apdus.getData(0x5FC105));
        assertEquals(0x6100, sw(first) & 0xFF00, "an RSA certificate does not fit one short answer");
        assertEquals(256, data(first).length);
        int rounds = 0;
        byte[] reply = first;
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while ((sw(reply) & 0xFF00) == 0x6100) {
            all.writeBytes(data(reply));
            int le = sw(reply) & 0xFF;
            reply = card.transmit(Apdus.shortApdu(0, 0xC0, 0, 0, new byte[0], le == 0 ? 256 : le));
            rounds++;
        }
        assertEquals(0x9000, sw(reply));
        all.writeBytes(data(reply));
        assertTrue(rounds >= 2, "rounds " + rounds);
        assertArrayEquals(RSA.certificate().getEncoded(), certificateIn(all.toByteArray()));
    }

    /**
     * Under T=0, which QEMU's CCID reader speaks by default, the host sends case 4 commands without Le: the
     * card answers 61xx with no data, and GET RESPONSE fetches it.
     */
    @Test
    void caseFourWithoutLeAnswersAsT0Does() throws Exception {
        byte[] select = card.transmit(Apdus.shortApdu(0, 0xA4, 4, 0, Apdus.PIV_AID, -1));
        assertEquals(2, select.length);
        assertEquals(0x6100, sw(select) & 0xFF00);
        byte[] template = card.transmit(Apdus.shortApdu(0, 0xC0, 0, 0, new byte[0], sw(select) & 0xFF));
        assertEquals(0x9000, sw(template));
        assertEquals(0x61, template[0] & 0xFF);
        byte[] getData = Apdus.shortApdu(0, 0xCB, 0x3F, 0xFF, BerTlv.encode(0x5C, tag(0x5FC105)), -1);
        byte[] container = Apdus.collect(card, card.transmit(getData));
        assertEquals(0x9000, sw(container));
        assertArrayEquals(RSA.certificate().getEncoded(), certificateIn(data(container)));
    }

    @Test
    void extendedLeTakesTheWholeObjectAtOnce() throws Exception {
        card.transmit(Apdus.select());
        byte[] command = HexFormat.of().parseHex("00CB3FFF0000055C035FC10A0000");
        byte[] reply = card.transmit(command);
        assertEquals(0x9000, sw(reply));
        assertArrayEquals(EC_SIGN.certificate().getEncoded(), certificateIn(data(reply)));
    }

    @Test
    void everySlotShowsItsCertificateAndTheCardItsIdentity() throws Exception {
        card.transmit(Apdus.select());
        assertArrayEquals(EC_SIGN.certificate().getEncoded(),
                certificateIn(data(exchange(card, 0xCB, 0x3F, 0xFF, BerTlv.encode(0x5C, tag(0x5FC10A))))));
        assertArrayEquals(EC_KEY.certificate().getEncoded(),
                certificateIn(data(exchange(card, 0xCB, 0x3F, 0xFF, BerTlv.encode(0x5C, tag(0x5FC10B))))));
        byte[] chuid = data(card.transmit(Apdus.getData(0x5FC102)));
        assertEquals(0x53, chuid[0] & 0xFF);
        byte[] discovery = card.transmit(Apdus.getData(0x7E));
        assertEquals(0x9000, sw(discovery));
        assertEquals(0x7E, discovery[0] & 0xFF);
        assertEquals(0x9000, sw(card.transmit(Apdus.getData(0x5FC107))));
    }

    @Test
    void missingObjectsAndMalformedRequestsGetTheirStatusWords() throws Exception {
        card.transmit(Apdus.select());
        assertEquals(0x6A82, sw(card.transmit(Apdus.getData(0x5FC101))), "card authentication: no certificate");
        assertEquals(0x6A82, sw(card.transmit(Apdus.getData(0x5FC103))), "no fingerprints");
        assertEquals(0x6A86, sw(card.transmit(Apdus.shortApdu(0, 0xCB, 0x3F, 0x00, BerTlv.encode(0x5C, tag(0x5FC105)), 0))));
        assertEquals(0x6A80, sw(card.transmit(Apdus.shortApdu(0, 0xCB, 0x3F, 0xFF, new byte[] {0x5C, 0x05, 0x5F}, 0))));
        assertEquals(0x6A80, sw(card.transmit(Apdus.shortApdu(0, 0xCB, 0x3F, 0xFF, BerTlv.encode(0x5D, tag(0x5FC105)), 0))));
        assertEquals(0x6D00, sw(card.transmit(Apdus.shortApdu(0, 0xFD, 0, 0, new byte[0], 0))), "unknown instruction");
        assertEquals(0x6E00, sw(card.transmit(Apdus.shortApdu(0x80, 0xCB, 0x3F, 0xFF, new byte[0], 0))), "proprietary class");
        assertEquals(0x6700, sw(card.transmit(new byte[] {0, (byte) 0xCB, 0x3F})), "shorter than a header");
        assertEquals(0x6700, sw(card.transmit(new byte[] {0, (byte) 0xCB, 0x3F, (byte) 0xFF, 0x05, 0x5C})), "Lc beyond the data");
        assertEquals(0x6700, sw(card.transmit(new byte[CommandApdu.MAX_LENGTH + 1])), "longer than any APDU");
        assertEquals(0x6985, sw(card.transmit(Apdus.shortApdu(0, 0xC0, 0, 0, new byte[0], 0))), "nothing to get");
    }

    @Test
    void pinWrongThenRightResetsTheTriesAndThreeWrongBlockIt() throws Exception {
        card.transmit(Apdus.select());
        byte[] status = Apdus.shortApdu(0, 0x20, 0, 0x80, new byte[0], -1);
        assertEquals(0x63C3, sw(card.transmit(status)));
        assertEquals(0x6A80, sw(card.transmit(Apdus.shortApdu(0, 0x20, 0, 0x80, "123456".getBytes(StandardCharsets.US_ASCII), -1))),
                "the PIN field is padded to 8 bytes");
        assertEquals(0x63C3, sw(card.transmit(status)), "a malformed field costs no try");
        assertEquals(0x63C2, sw(card.transmit(Apdus.verify("654321"))));
        assertEquals(0x63C2, sw(card.transmit(status)));
        assertEquals(0x9000, sw(card.transmit(Apdus.verify("123456"))));
        assertEquals(0x9000, sw(card.transmit(status)));
        assertEquals(0x9000, sw(card.transmit(Apdus.shortApdu(0, 0x20, 0xFF, 0x80, new byte[0], -1))), "log out");
        assertEquals(0x63C3, sw(card.transmit(status)));
        assertEquals(0x63C2, sw(card.transmit(Apdus.verify("000000"))));
        assertEquals(0x63C1, sw(card.transmit(Apdus.verify("000000"))));
        assertEquals(0x6983, sw(card.transmit(Apdus.verify("000000"))));
        assertEquals(0x6983, sw(card.transmit(Apdus.verify("123456"))), "blocked: the right PIN no longer works");
        card.remove();
        card.insert();
        card.transmit(Apdus.select());
        assertEquals(0x6983, sw(card.transmit(status)), "re-inserting does not unblock");
        assertEquals(0x6A88, sw(card.transmit(Apdus.shortApdu(0, 0x20, 0, 0x81, new byte[8], -1))), "no PUK");
    }

    @Test
    void rsaSignatureNeedsThePinAndVerifiesWithTheCertificate() throws Exception {
        card.transmit(Apdus.select());
        byte[] message = "sign me".getBytes(StandardCharsets.US_ASCII);
        byte[] request = authenticationTemplate(0x81, pkcs1Block(message, 256));
        assertTrue(request.length > 255, "the command must be chained");
        assertEquals(0x6982, sw(exchange(card, 0x87, 0x07, 0x9A, request)));
        assertEquals(0x9000, sw(card.transmit(Apdus.verify("123456"))));
        byte[] reply = exchange(card, 0x87, 0x07, 0x9A, request);
        assertEquals(0x9000, sw(reply));
        byte[] signature = responseIn(data(reply));
        assertEquals(256, signature.length);
        assertTrue(verifies("SHA256withRSA", RSA.certificate().getPublicKey(), message, signature));
        assertEquals(0x9000, sw(exchange(card, 0x87, 0x07, 0x9A, request)), "9A asks for the PIN once");
        assertEquals(0x6A86, sw(exchange(card, 0x87, 0x11, 0x9A, request)), "not the key's algorithm");
        assertEquals(0x6A86, sw(exchange(card, 0x87, 0x07, 0x9E, request)), "no card authentication key");
        byte[] aboveModulus = new byte[256];
        Arrays.fill(aboveModulus, (byte) 0xFF);
        assertEquals(0x6A80, sw(exchange(card, 0x87, 0x07, 0x9A, authenticationTemplate(0x81, aboveModulus))));
        assertEquals(0x6A80, sw(exchange(card, 0x87, 0x07, 0x9A, authenticationTemplate(0x81, new byte[255]))));
    }

    @Test
    void digitalSignatureKeyAsksForThePinBeforeEveryUse() throws Exception {
        card.transmit(Apdus.select());
        card.transmit(Apdus.verify("123456"));
        byte[] message = "contract".getBytes(StandardCharsets.US_ASCII);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        byte[] reply = exchange(card, 0x87, 0x11, 0x9C, authenticationTemplate(0x81, digest));
        assertEquals(0x9000, sw(reply));
        assertTrue(verifies("SHA256withECDSA", EC_SIGN.certificate().getPublicKey(), message, responseIn(data(reply))));
        assertEquals(0x6982, sw(exchange(card, 0x87, 0x11, 0x9C, authenticationTemplate(0x81, digest))));
    }

    @Test
    void keyManagementKeyAgreesOnTheSameSecretAsThePeer() throws Exception {
        card.transmit(Apdus.select());
        card.transmit(Apdus.verify("123456"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair peer = generator.generateKeyPair();
        ECPublicKey peerPublic = (ECPublicKey) peer.getPublic();
        byte[] point = BerTlv.concat(new byte[] {0x04}, fixed(peerPublic.getW().getAffineX(), 32),
                fixed(peerPublic.getW().getAffineY(), 32));
        byte[] reply = exchange(card, 0x87, 0x11, 0x9D, authenticationTemplate(0x85, point));
        assertEquals(0x9000, sw(reply));
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(peer.getPrivate());
        agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(EC_KEY.certificate().getPublicKey().getEncoded())), true);
        assertArrayEquals(agreement.generateSecret(), responseIn(data(reply)));
        byte[] offCurve = point.clone();
        offCurve[64] ^= 1;
        assertEquals(0x6A80, sw(exchange(card, 0x87, 0x11, 0x9D, authenticationTemplate(0x85, offCurve))));
    }

    @Test
    void malformedAuthenticationTemplatesAreIncorrectData() throws Exception {
        card.transmit(Apdus.select());
        card.transmit(Apdus.verify("123456"));
        assertEquals(0x6A80, sw(exchange(card, 0x87, 0x11, 0x9C, new byte[] {0x7C, 0x05, (byte) 0x82, 0x00})));
        assertEquals(0x6A80, sw(exchange(card, 0x87, 0x11, 0x9C, BerTlv.encode(0x7C, BerTlv.encode(0x81, new byte[32])))),
                "no response asked for");
        assertEquals(0x6A80, sw(exchange(card, 0x87, 0x11, 0x9C, BerTlv.encode(0x7D, BerTlv.encode(0x82)))));
        assertEquals(0x6A80, sw(exchange(card, 0x87, 0x11, 0x9C, authenticationTemplate(0x81, new byte[65]))));
    }

    @Test
    void chainsAreBoundedAndAnotherCommandAbandonsThem() throws Exception {
        card.transmit(Apdus.select());
        card.transmit(Apdus.verify("123456"));
        byte[] piece = new byte[255];
        for (int sent = 0; sent + piece.length <= PivApplication.MAX_CHAINED_DATA; sent += piece.length) {
            assertEquals(0x9000, sw(card.transmit(Apdus.shortApdu(0x10, 0x87, 0x07, 0x9A, piece, -1))));
        }
        assertEquals(0x6700, sw(card.transmit(Apdus.shortApdu(0x10, 0x87, 0x07, 0x9A, piece, -1))));
        assertEquals(0x9000, sw(card.transmit(Apdus.shortApdu(0x10, 0x87, 0x07, 0x9A, piece, -1))), "a new chain");
        byte[] reply = card.transmit(Apdus.getData(0x7E));
        assertEquals(0x9000, sw(reply), "another command is answered on its own");
        assertEquals(0x6A80, sw(card.transmit(Apdus.shortApdu(0x00, 0x87, 0x07, 0x9A, piece, 0))),
                "the abandoned chain's data is gone: this piece alone is no template");
    }

    @Test
    void removedCardCannotBeTalkedToAndComesBackUnselected() throws Exception {
        card.transmit(Apdus.select());
        card.transmit(Apdus.verify("123456"));
        card.remove();
        assertThrows(SmartcardException.class, () -> card.transmit(Apdus.getData(0x7E)));
        card.insert();
        assertEquals(0x6D00, sw(card.transmit(Apdus.getData(0x7E))));
        card.transmit(Apdus.select());
        assertEquals(0x63C3, sw(card.transmit(Apdus.shortApdu(0, 0x20, 0, 0x80, new byte[0], -1))), "PIN forgotten");
    }

    @Test
    void atrIsWellFormed() {
        byte[] atr = card.atr();
        assertEquals(0x3B, atr[0]);
        assertEquals(4 + (atr[1] & 0x0F) + 1, atr.length, "T0 counts the historical bytes, and TCK follows");
        int check = 0;
        for (int i = 1; i < atr.length; i++) {
            check ^= atr[i];
        }
        assertEquals(0, check, "TCK makes the XOR of T0 to TCK zero");
    }

    @Test
    void configurationIsChecked() {
        CardCredential credential = TestCredentials.credential(RSA);
        assertThrows(IllegalArgumentException.class, () -> SoftwareCard.create("x", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> SoftwareCard.create("x", List.of(credential, credential, credential, credential)));
        assertThrows(IllegalArgumentException.class, () -> SoftwareCard.create("x", List.of(credential), "12345"));
        assertThrows(IllegalArgumentException.class, () -> SoftwareCard.create("x", List.of(credential), "12345a"));
        assertThrows(IllegalArgumentException.class, () -> CardCredential.of(RSA.certificate(), EC_SIGN.privateKey()));
        Issued otherRsa = TestCredentials.rsa("CN=Bob");
        assertThrows(IllegalArgumentException.class, () -> CardCredential.of(RSA.certificate(), otherRsa.privateKey()));
    }

    @Test
    void customPinIsTheOneAccepted() throws Exception {
        SoftwareCard custom = SoftwareCard.create("x", List.of(TestCredentials.credential(EC_SIGN)), "87654321");
        custom.transmit(Apdus.select());
        assertEquals(0x63C2, sw(custom.transmit(Apdus.verify("123456"))));
        assertEquals(0x9000, sw(custom.transmit(Apdus.verify("87654321"))));
    }

    static byte[] certificateIn(byte[] container) throws BerTlv.MalformedTlvException {
        List<Element> outer = BerTlv.parse(container, 0, container.length);
        assertEquals(0x53, outer.getFirst().tag());
        Element first = BerTlv.parse(container, outer.getFirst().offset(),
                outer.getFirst().offset() + outer.getFirst().length()).getFirst();
        assertEquals(0x70, first.tag());
        return Arrays.copyOfRange(container, first.offset(), first.offset() + first.length());
    }

    static byte[] authenticationTemplate(int challengeTag, byte[] challenge) {
        return BerTlv.encode(0x7C, BerTlv.encode(0x82), BerTlv.encode(challengeTag, challenge));
    }

    static byte[] responseIn(byte[] template) throws BerTlv.MalformedTlvException {
        Element outer = BerTlv.parse(template, 0, template.length).getFirst();
        assertEquals(0x7C, outer.tag());
        Element response = BerTlv.parse(template, outer.offset(), outer.offset() + outer.length()).getFirst();
        assertEquals(0x82, response.tag());
        return Arrays.copyOfRange(template, response.offset(), response.offset() + response.length());
    }

    /** @return EMSA-PKCS1-v1_5 of SHA-256(message), the block a host hands an RSA card to sign */
    static byte[] pkcs1Block(byte[] message, int size) throws Exception {
        byte[] digestInfo = BerTlv.concat(SHA256_DIGEST_INFO, MessageDigest.getInstance("SHA-256").digest(message));
        byte[] block = new byte[size];
        Arrays.fill(block, (byte) 0xFF);
        block[0] = 0x00;
        block[1] = 0x01;
        block[size - digestInfo.length - 1] = 0x00;
        System.arraycopy(digestInfo, 0, block, size - digestInfo.length, digestInfo.length);
        return block;
    }

    static boolean verifies(String algorithm, PublicKey key, byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static byte[] tag(int tag) {
        return new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag};
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
        return out;
    }
}
