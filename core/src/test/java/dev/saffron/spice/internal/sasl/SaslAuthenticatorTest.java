package dev.saffron.spice.internal.sasl;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.ScriptedTransport;
import dev.saffron.spice.internal.link.Credentials;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SASL exchange against scripted servers that misbehave; the good paths run against QEMU in SaslIT. */
class SaslAuthenticatorTest {
    private static final Credentials ALICE = new Credentials(Optional.of("alice"), Optional.of("pw-alice"));
    /** A DIGEST-MD5 challenge as Cyrus sends it, offering the confidentiality layer. */
    private static final String CHALLENGE = "realm=\"test\",nonce=\"OA6MG9tEQGm2hh\",qop=\"auth-conf\","
            + "charset=utf-8,algorithm=md5-sess,cipher=\"rc4\"";

    private static Bytes mechanisms(String list) {
        byte[] bytes = list.getBytes(StandardCharsets.US_ASCII);
        return new Bytes().u32(bytes.length).raw(bytes);
    }

    private static Bytes withChallenge(Bytes bytes) {
        byte[] challenge = (CHALLENGE + "\0").getBytes(StandardCharsets.US_ASCII);
        return bytes.u32(challenge.length).raw(challenge).raw(new byte[] {0});
    }

    private static SpiceException fail(byte[] script, Credentials credentials) {
        return assertThrows(SpiceException.class, () -> SaslAuthenticator.authenticate(
                new ScriptedTransport(script), "localhost", credentials));
    }

    @Test
    void mechanismListOverTheLimitIsAProtocolErrorBeforeReadingIt() {
        SpiceException e = fail(new Bytes().u32(SaslAuthenticator.MAX_MECHLIST_BYTES + 1).bytes(), ALICE);
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("mechanism list"), e.getMessage());
    }

    @Test
    void emptyMechanismListIsRefused() {
        SpiceException e = fail(mechanisms(",,").bytes(), ALICE);
        assertEquals(SpiceError.FAILED, e.error());
    }

    @Test
    void serverDataOverTheLimitIsAProtocolError() {
        SpiceException e = fail(mechanisms(",DIGEST-MD5,").u32(SaslAuthenticator.MAX_DATA_BYTES + 1).bytes(), ALICE);
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void stepFlagOtherThanZeroOrOneIsAProtocolError() {
        byte[] challenge = (CHALLENGE + "\0").getBytes(StandardCharsets.US_ASCII);
        SpiceException e = fail(mechanisms(",DIGEST-MD5,").u32(challenge.length).raw(challenge)
                .raw(new byte[] {7}).bytes(), ALICE);
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void serverClosingMidExchangeIsAnAuthError() {
        SpiceException e = fail(withChallenge(mechanisms(",DIGEST-MD5,")).bytes(), ALICE);
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void serverAbortInsteadOfTheNextStepIsAnAuthErrorWithoutThePassword() {
        byte[] reason = "Authentication failed\0".getBytes(StandardCharsets.US_ASCII);
        SpiceException e = fail(withChallenge(mechanisms(",DIGEST-MD5,")).u32(1).u32(reason.length).raw(reason)
                .bytes(), ALICE);
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error(), e.getMessage());
        assertFalse(e.getMessage().contains("pw-alice"), e.getMessage());
    }

    @Test
    void missingCredentialsAreNamedInTheCode() {
        byte[] script = withChallenge(mechanisms(",DIGEST-MD5,")).bytes();
        assertEquals(SpiceError.AUTH_NEEDS_USERNAME,
                fail(script, new Credentials(Optional.empty(), Optional.of("pw"))).error());
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD,
                fail(script, new Credentials(Optional.of("alice"), Optional.of(""))).error());
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD_AND_USERNAME,
                fail(script, new Credentials(Optional.empty(), Optional.empty())).error());
    }

    @Test
    void plainTextMechanismsAreRefusedWithoutTls() {
        SpiceException e = fail(mechanisms(",PLAIN,ANONYMOUS,").bytes(), ALICE);
        assertEquals(SpiceError.FAILED, e.error());
        assertTrue(e.getMessage().contains("without TLS"), e.getMessage());
    }
}
