package dev.saffron.spice.internal.link;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.channel.ProblemText;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Encrypts the SPICE ticket (the password plus its terminating NUL) with the per-link RSA key of the link
 * reply, using OAEP with SHA-1 and MGF1-SHA-1 as spice-server decrypts it.
 */
public final class TicketCipher {
    /** spice-server compares at most this many password bytes; longer passwords can never match. */
    public static final int MAX_PASSWORD_BYTES = 60;

    private static final OAEPParameterSpec OAEP_SHA1 = new OAEPParameterSpec(
            "SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

    private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";
    private static final System.Logger LOG = System.getLogger(TicketCipher.class.getName());
    private static final AtomicBoolean PREPARING = new AtomicBoolean();

    private TicketCipher() {
    }

    /**
     * Looks the JDK's RSA key factory and OAEP cipher up on a thread of its own, once per process, so that the
     * main channel's link finds them ready. The first lookup reads the JCE's policy files and sets the
     * providers up: 20 to 25 ms of a cold start, which a session can spend while it connects and the server
     * makes the link's key.
     */
    public static void prepare() {
        if (PREPARING.compareAndSet(false, true)) {
            Thread.ofVirtual().name("saffron-ticket-cipher").start(() -> {
                try {
                    KeyFactory.getInstance("RSA");
                    Cipher.getInstance(TRANSFORMATION);
                } catch (GeneralSecurityException e) {
                    // The link's own lookup meets the same failure, and reports it.
                    LOG.log(System.Logger.Level.DEBUG, "the ticket cipher was not looked up ahead: {0}", e.toString());
                }
            });
        }
    }

    /**
     * @param publicKeyDer the reply's public key: DER SubjectPublicKeyInfo
     * @param password     the password, empty when none is configured (a ticket is always sent)
     * @return the encrypted ticket, exactly the key's modulus size in bytes
     */
    public static byte[] encrypt(byte[] publicKeyDer, String password) throws SpiceException {
        byte[] text = password.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_PASSWORD_BYTES) {
            throw new SpiceException(SpiceError.AUTH_NEEDS_PASSWORD,
                    "Authentication failed: password is too long (SPICE allows " + MAX_PASSWORD_BYTES + " bytes)");
        }
        byte[] ticket = Arrays.copyOf(text, text.length + 1);
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(publicKeyDer));
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, OAEP_SHA1);
            return cipher.doFinal(ticket);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new SpiceException(SpiceError.PROTOCOL, "the server's public key in its link reply is damaged or "
                    + "not an RSA key (" + ProblemText.of(e) + ")", e);
        } finally {
            Arrays.fill(ticket, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }
}
