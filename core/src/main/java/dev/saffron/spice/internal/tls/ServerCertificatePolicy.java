package dev.saffron.spice.internal.tls;

import dev.saffron.spice.VerifyMode;

import javax.security.auth.x500.X500Principal;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether to accept the server's certificate, as spice-common's verification callback does for
 * spice-gtk:
 * <ol>
 *   <li>no modes: accept anything (spice-gtk then turns peer verification off);</li>
 *   <li>{@link VerifyMode#PUBKEY}: a certificate whose public key equals the configured one is accepted,
 *       whatever else is wrong with it or its chain;</li>
 *   <li>otherwise the chain must lead to a trusted CA and be within its validity;</li>
 *   <li>then {@link VerifyMode#SUBJECT} if set (and then the host name is not checked), else
 *       {@link VerifyMode#HOSTNAME};</li>
 *   <li>{@link VerifyMode#PUBKEY} alone with a different key is a failure.</li>
 * </ol>
 * Two deliberate differences: spice-common accepts a configured key of another type than the certificate's
 * (its key comparison returns a negative "not comparable" that the caller reads as true), and with OpenSSL
 * a chain error above the server's certificate, other than a self-signed CA, fails even when the key
 * matches. Here a matching key is exactly what passes.
 */
final class ServerCertificatePolicy {
    /** Checks the chain against the trusted CAs; the JDK's PKIX validator in practice. */
    @FunctionalInterface
    interface ChainValidation {
        void validate(X509Certificate[] chain, String authType) throws CertificateException;
    }

    private final Set<VerifyMode> modes;
    private final String host;
    private final Optional<byte[]> pubkey;
    private final Optional<String> subject;
    private final ChainValidation chainValidation;
    private final String trustSource;

    /**
     * @param modes           the checks to make
     * @param host            the host the session connects to, for {@link VerifyMode#HOSTNAME}
     * @param pubkey          the DER SubjectPublicKeyInfo for {@link VerifyMode#PUBKEY}, if configured
     * @param subject         the {@code cert-subject} string for {@link VerifyMode#SUBJECT}, if configured
     * @param chainValidation validates a chain against the trusted CAs
     * @param trustSource     names the trusted CAs in messages, e.g. "the CA certificates in ca-file x.pem"
     */
    ServerCertificatePolicy(Set<VerifyMode> modes, String host, Optional<byte[]> pubkey, Optional<String> subject,
                            ChainValidation chainValidation, String trustSource) {
        this.modes = modes.isEmpty() ? Set.of() : EnumSet.copyOf(modes);
        this.host = host;
        this.pubkey = pubkey.map(byte[]::clone);
        this.subject = subject;
        this.chainValidation = chainValidation;
        this.trustSource = trustSource;
    }

    /**
     * @param chain    the server's chain, its own certificate first
     * @param authType JSSE's name for the key exchange, which decides the key usage the chain must allow
     * @param now      the time to judge validity at
     * @throws CertificateRejected saying which check failed and why
     */
    void check(X509Certificate[] chain, String authType, Date now) throws CertificateRejected {
        if (modes.isEmpty()) {
            return;
        }
        if (chain.length == 0) {
            throw new CertificateRejected("the server sent no certificate");
        }
        X509Certificate server = chain[0];
        String keyProblem = null;
        if (modes.contains(VerifyMode.PUBKEY)) {
            if (pubkey.isEmpty()) {
                keyProblem = "pubkey mismatch: verify includes PUBKEY but no pubkey is configured";
            } else if (samePublicKey(server.getPublicKey(), pubkey.get())) {
                return;
            } else {
                keyProblem = "pubkey mismatch: the server's public key (" + server.getPublicKey().getAlgorithm()
                        + ") is not the configured pubkey";
            }
        }
        boolean nameCheck = modes.contains(VerifyMode.SUBJECT) || modes.contains(VerifyMode.HOSTNAME);
        if (!nameCheck) {
            throw new CertificateRejected(keyProblem);
        }
        try {
            chainValidation.validate(chain, authType);
        } catch (CertificateException e) {
            String problem = chainProblem(chain, now, e);
            throw new CertificateRejected(keyProblem == null ? problem : keyProblem + ", and " + problem, e);
        }
        Optional<String> nameProblem = modes.contains(VerifyMode.SUBJECT) ? subjectProblem(server)
                : HostnameCheck.mismatch(server, host).map(names ->
                        "hostname mismatch: the server's certificate is not for '" + host + "': " + names);
        if (nameProblem.isPresent()) {
            throw new CertificateRejected(nameProblem.get() + (keyProblem == null ? "" : ", and " + keyProblem));
        }
    }

    private Optional<String> subjectProblem(X509Certificate server) {
        byte[] encoded = server.getSubjectX500Principal().getEncoded();
        String actual = readable(server.getSubjectX500Principal());
        if (subject.isEmpty()) {
            return Optional.of("subject mismatch: verify includes SUBJECT but no cert-subject is configured"
                    + " (the certificate's subject is '" + actual + "')");
        }
        CanonicalName expected;
        try {
            expected = SubjectText.parse(subject.get());
        } catch (IllegalArgumentException e) {
            return Optional.of("subject mismatch: cert-subject '" + subject.get() + "' is malformed: "
                    + e.getMessage());
        }
        CanonicalName found;
        try {
            found = CanonicalName.fromDer(encoded);
        } catch (DerReader.DerException e) {
            return Optional.of("subject mismatch: the certificate's subject cannot be compared: " + e.getMessage());
        }
        if (!expected.equals(found)) {
            return Optional.of("subject mismatch: the server's certificate has subject '" + actual + "', not '"
                    + subject.get() + "'");
        }
        return Optional.empty();
    }

    /**
     * Says what is wrong with a chain the validator refused: a date out of range, else no path to a trusted
     * CA, else whatever the validator found (a key usage that does not allow a TLS server, say).
     */
    private String chainProblem(X509Certificate[] chain, Date now, CertificateException failure) {
        for (int i = 0; i < chain.length; i++) {
            String whose = i == 0 ? "the server's certificate"
                    : "the certificate of " + readable(chain[i].getSubjectX500Principal()) + " in the server's chain";
            if (now.after(chain[i].getNotAfter())) {
                return "expired: " + whose + " expired on " + chain[i].getNotAfter().toInstant();
            }
            if (now.before(chain[i].getNotBefore())) {
                return "not yet valid: " + whose + " is valid from " + chain[i].getNotBefore().toInstant();
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException) {
                return "untrusted: the server's certificate (issued by "
                        + readable(chain[chain.length - 1].getIssuerX500Principal()) + ") does not lead to "
                        + trustSource;
            }
        }
        return "untrusted: the server's chain does not validate against " + trustSource + ": " + failure.getMessage();
    }

    private static String readable(X500Principal name) {
        return SubjectText.format(name.getEncoded()).orElseGet(name::getName);
    }

    /** Compares keys, not encodings: the configured bytes are decoded as a key of the certificate's type. */
    static boolean samePublicKey(PublicKey certificateKey, byte[] configured) {
        try {
            PublicKey decoded = KeyFactory.getInstance(certificateKey.getAlgorithm())
                    .generatePublic(new X509EncodedKeySpec(configured));
            return MessageDigest.isEqual(decoded.getEncoded(), certificateKey.getEncoded());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
