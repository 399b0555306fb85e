package dev.saffron.spice.testing;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates made in the test for TLS tests: CAs and server certificates with whatever subject,
 * subjectAltName and validity a test needs, on P-256 keys (fast to generate), and the three PEM files a QEMU
 * {@code x509-dir} expects.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);

    private TestCertificates() {
    }

    /**
     * A certificate with its private key.
     *
     * @param certificate the certificate
     * @param privateKey  its key
     */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {
        /** @return the certificate as one PEM block */
        public String certificatePem() {
            try {
                return pem("CERTIFICATE", certificate.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @return the private key as a PKCS#8 PEM block */
        public String privateKeyPem() {
            return pem("PRIVATE KEY", privateKey.getEncoded());
        }

        /** @return the certificate's public key as DER SubjectPublicKeyInfo, spice-gtk's {@code pubkey} format */
        public byte[] publicKeyDer() {
            return certificate.getPublicKey().getEncoded();
        }
    }

    /** @return a fresh self-signed CA valid from a day ago to a day from now */
    public static Issued authority(String subject) {
        return builder(new X500Name(subject)).authority().build();
    }

    /** @return a builder for a certificate with this subject (BC's string form, in DER order: {@code C=..,CN=..}) */
    public static Builder builder(String subject) {
        return builder(new X500Name(subject));
    }

    /** @return a builder for a certificate with this subject */
    public static Builder builder(X500Name subject) {
        return new Builder(subject);
    }

    /**
     * Writes {@code ca-cert.pem}, {@code server-cert.pem} and {@code server-key.pem} for QEMU's
     * {@code x509-dir}.
     *
     * @return {@code directory}
     */
    public static Path writeQemuFiles(Path directory, Issued authority, Issued server) throws IOException {
        Files.writeString(directory.resolve("ca-cert.pem"), authority.certificatePem());
        Files.writeString(directory.resolve("server-cert.pem"), server.certificatePem());
        Files.writeString(directory.resolve("server-key.pem"), server.privateKeyPem());
        return directory;
    }

    /** @return one PEM block with the usual 64-column lines */
    public static String pem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    /** Collects a certificate's contents; self-signed unless {@link #issuedBy} is called. */
    public static final class Builder {
        private final X500Name subject;
        private final List<GeneralName> altNames = new ArrayList<>();
        private Issued issuer;
        private boolean authority;
        private Instant notBefore = Instant.now().minus(DEFAULT_LIFETIME);
        private Instant notAfter = Instant.now().plus(DEFAULT_LIFETIME);
        private KeyPair keys;

        private Builder(X500Name subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
        }

        /** Makes it a CA that may sign certificates. */
        public Builder authority() {
            authority = true;
            return this;
        }

        /** Signs it with this CA's key and names the CA as issuer. */
        public Builder issuedBy(Issued ca) {
            issuer = ca;
            return this;
        }

        /** Adds a subjectAltName DNS entry. */
        public Builder dnsName(String name) {
            altNames.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        /** Adds a subjectAltName IP entry, from text such as {@code 127.0.0.1}. */
        public Builder ipAddress(String address) {
            altNames.add(new GeneralName(GeneralName.iPAddress, address));
            return this;
        }

        /** Adds any subjectAltName entry, for names no well-behaved CA would write. */
        public Builder altName(int tag, ASN1Encodable value) {
            altNames.add(new GeneralName(tag, value));
            return this;
        }

        /** Sets the validity period. */
        public Builder validity(Instant from, Instant to) {
            notBefore = from;
            notAfter = to;
            return this;
        }

        /** Uses this key pair instead of a fresh one. */
        public Builder keys(KeyPair pair) {
            keys = pair;
            return this;
        }

        /** @return the signed certificate with its key */
        public Issued build() {
            try {
                KeyPair pair = keys != null ? keys : newKeyPair();
                X500Name issuerName = issuer == null ? subject
                        : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
                PrivateKey signingKey = issuer == null ? pair.getPrivate() : issuer.privateKey();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                        subject, pair.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
                if (authority) {
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                } else {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                }
                if (!altNames.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)));
                }
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
                return new Issued(certificate, pair.getPrivate());
            } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
                throw new IllegalStateException("cannot make a test certificate: " + e, e);
            }
        }
    }

    /** @return a fresh P-256 key pair */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
