package dev.saffron.spice.internal.tls;

import dev.saffron.spice.VerifyMode;
import dev.saffron.spice.testing.TestCertificates;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order and precedence of the certificate checks, with the chain validation stubbed so that each case
 * controls whether the chain is trusted.
 */
class ServerCertificatePolicyTest {
    private static final String SUBJECT = "C=XX,O=Saffron Test,CN=saffron-server";
    private static final TestCertificates.Issued SERVER =
            TestCertificates.builder(SUBJECT).ipAddress("127.0.0.1").build();
    private static final X509Certificate[] CHAIN = {SERVER.certificate()};
    private static final ServerCertificatePolicy.ChainValidation TRUSTED = (chain, authType) -> {
    };
    private static final ServerCertificatePolicy.ChainValidation UNTRUSTED = (chain, authType) -> {
        throw new CertificateException("PKIX path building failed");
    };

    private static ServerCertificatePolicy policy(Set<VerifyMode> modes, String host, byte[] pubkey, String subject,
                                                  ServerCertificatePolicy.ChainValidation chain) {
        return new ServerCertificatePolicy(modes, host, Optional.ofNullable(pubkey), Optional.ofNullable(subject),
                chain, "the test CA");
    }

    private static String rejection(ServerCertificatePolicy policy, X509Certificate... chain) {
        return assertThrows(CertificateRejected.class, () -> policy.check(chain, "ECDHE_ECDSA", new Date()))
                .getMessage();
    }

    private static void accepts(ServerCertificatePolicy policy) {
        assertDoesNotThrow(() -> policy.check(CHAIN, "ECDHE_ECDSA", new Date()));
    }

    @Test
    void withoutModesAnythingGoes() {
        AtomicInteger validations = new AtomicInteger();
        accepts(policy(Set.of(), "elsewhere", null, null, (chain, authType) -> {
            validations.incrementAndGet();
            throw new CertificateException("never asked");
        }));
        assertEquals(0, validations.get());
    }

    @Test
    void hostnameNeedsATrustedChainAndTheHost() {
        accepts(policy(EnumSet.of(VerifyMode.HOSTNAME), "127.0.0.1", null, null, TRUSTED));

        String untrusted = rejection(policy(EnumSet.of(VerifyMode.HOSTNAME), "127.0.0.1", null, null, UNTRUSTED),
                CHAIN);
        assertTrue(untrusted.startsWith("untrusted:") && untrusted.contains("the test CA"), untrusted);

        String mismatch = rejection(policy(EnumSet.of(VerifyMode.HOSTNAME), "localhost", null, null, TRUSTED), CHAIN);
        assertTrue(mismatch.startsWith("hostname mismatch:") && mismatch.contains("IP:127.0.0.1"), mismatch);
    }

    @Test
    void theRightPublicKeyOverridesChainAndNameFailures() {
        accepts(policy(EnumSet.allOf(VerifyMode.class), "elsewhere", SERVER.publicKeyDer(), "CN=other", UNTRUSTED));
        accepts(policy(EnumSet.of(VerifyMode.PUBKEY), "elsewhere", SERVER.publicKeyDer(), null, UNTRUSTED));
    }

    @Test
    void aPublicKeyCheckAloneFailsOnAnotherKeyEvenWithATrustedChain() {
        byte[] other = TestCertificates.newKeyPair().getPublic().getEncoded();

        String message = rejection(policy(EnumSet.of(VerifyMode.PUBKEY), "127.0.0.1", other, null, TRUSTED), CHAIN);

        assertTrue(message.contains("is not the configured pubkey"), message);
    }

    @Test
    void aKeyOfAnotherTypeIsAMismatchNotAPass() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        byte[] rsaKey = rsa.generateKeyPair().getPublic().getEncoded();

        assertThrows(CertificateRejected.class, () -> policy(EnumSet.of(VerifyMode.PUBKEY), "127.0.0.1", rsaKey, null,
                TRUSTED).check(CHAIN, "ECDHE_ECDSA", new Date()));
        assertFalse(ServerCertificatePolicy.samePublicKey(SERVER.certificate().getPublicKey(), new byte[] {1, 2, 3}));
    }

    @Test
    void pubkeyModeWithoutAKeyFails() {
        String message = rejection(policy(EnumSet.of(VerifyMode.PUBKEY), "127.0.0.1", null, null, TRUSTED), CHAIN);

        assertTrue(message.contains("no pubkey is configured"), message);
    }

    @Test
    void aWrongKeyStillPassesWhenTheNameCheckPasses() {
        byte[] other = TestCertificates.newKeyPair().getPublic().getEncoded();

        accepts(policy(EnumSet.of(VerifyMode.PUBKEY, VerifyMode.HOSTNAME), "127.0.0.1", other, null, TRUSTED));
        String both = rejection(policy(EnumSet.of(VerifyMode.PUBKEY, VerifyMode.HOSTNAME), "localhost", other, null,
                TRUSTED), CHAIN);
        assertTrue(both.startsWith("hostname mismatch") && both.contains("not the configured pubkey"), both);
        String untrusted = rejection(policy(EnumSet.of(VerifyMode.PUBKEY, VerifyMode.HOSTNAME), "127.0.0.1", other,
                null, UNTRUSTED), CHAIN);
        assertTrue(untrusted.contains("not the configured pubkey, and untrusted"), untrusted);
    }

    @Test
    void aSubjectCheckReplacesTheHostnameCheck() {
        Set<VerifyMode> both = EnumSet.of(VerifyMode.SUBJECT, VerifyMode.HOSTNAME);

        accepts(policy(both, "not-the-host.example", null, "C=xx, O=saffron test,CN=Saffron-Server", TRUSTED));
        String wrong = rejection(policy(both, "127.0.0.1", null, "C=XX,O=Saffron Test,CN=other", TRUSTED), CHAIN);
        assertTrue(wrong.startsWith("subject mismatch:") && wrong.contains("'" + SUBJECT + "'"), wrong);
        String malformed = rejection(policy(both, "127.0.0.1", null, "C=XX,,CN=x", TRUSTED), CHAIN);
        assertTrue(malformed.contains("is malformed"), malformed);
        String missing = rejection(policy(EnumSet.of(VerifyMode.SUBJECT), "127.0.0.1", null, null, TRUSTED), CHAIN);
        assertTrue(missing.contains("no cert-subject is configured"), missing);
        String untrusted = rejection(policy(both, "127.0.0.1", null, SUBJECT, UNTRUSTED), CHAIN);
        assertTrue(untrusted.startsWith("untrusted:"), untrusted);
    }

    @Test
    void aChainOutsideItsValidityIsReportedAsSuch() {
        Instant now = Instant.now();
        X509Certificate expired = TestCertificates.builder(SUBJECT).ipAddress("127.0.0.1")
                .validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))).build().certificate();
        X509Certificate future = TestCertificates.builder(SUBJECT).ipAddress("127.0.0.1")
                .validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10))).build().certificate();
        ServerCertificatePolicy policy = policy(EnumSet.of(VerifyMode.HOSTNAME), "127.0.0.1", null, null, UNTRUSTED);

        String expiredMessage = rejection(policy, expired);
        assertTrue(expiredMessage.startsWith("expired: the server's certificate expired on"), expiredMessage);
        String futureMessage = rejection(policy, future);
        assertTrue(futureMessage.startsWith("not yet valid:"), futureMessage);
    }

    @Test
    void theValidatorSeesTheChainAndTheKeyExchange() {
        AtomicInteger calls = new AtomicInteger();
        accepts(policy(EnumSet.of(VerifyMode.HOSTNAME), "127.0.0.1", null, null, (chain, authType) -> {
            assertEquals(CHAIN[0], chain[0]);
            assertEquals("ECDHE_ECDSA", authType);
            calls.incrementAndGet();
        }));
        assertEquals(1, calls.get());
    }
}
