package dev.saffron.smartcard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;

/**
 * A certificate and its private key, one key slot of a {@link SoftwareCard}. The key never leaves this object:
 * the card asks it for the private-key operations PIV defines (raw RSA, ECDSA over a digest, ECDH).
 *
 * <p>Keys are RSA (1024, 2048 or 3072 bits) or EC on P-256 or P-384, the sizes PIV has algorithm numbers for.
 * They come from PEM files, a PKCS#12 file, or an NSS database through the JDK's PKCS#11 provider; each
 * factory checks that the key belongs to the certificate.
 */
public final class CardCredential {
    /** The system's shared NSS database, which spice-gtk reads when {@code smartcard-db} is not set. */
    public static final Path DEFAULT_NSS_DATABASE = Path.of("/etc/pki/nssdb");

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    /** Where the key lives when it is not a plain JCA key (an NSS token), else null: the JCA picks. */
    private final Provider provider;
    private final PivAlgorithm algorithm;

    private CardCredential(X509Certificate certificate, PrivateKey privateKey, Provider provider) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.provider = provider;
        this.algorithm = PivAlgorithm.of(certificate.getPublicKey());
        checkKeyMatches();
    }

    /**
     * @param certificate the certificate the card shows
     * @param privateKey  its private key (RSA or EC, of a size {@link PivAlgorithm} knows)
     * @return the pair
     * @throws IllegalArgumentException if the key is of an unsupported kind or not the certificate's
     */
    public static CardCredential of(X509Certificate certificate, PrivateKey privateKey) {
        return new CardCredential(certificate, privateKey, null);
    }

    /**
     * Reads a PEM certificate and its unencrypted PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----};
     * {@code openssl pkcs8 -topk8 -nocrypt} converts the older RSA and EC forms).
     *
     * @throws IOException              if a file cannot be read or holds no such PEM block
     * @throws IllegalArgumentException if the key is of an unsupported kind or not the certificate's
     */
    public static CardCredential fromPem(Path certificateFile, Path privateKeyFile) throws IOException {
        X509Certificate certificate = readCertificate(pemBlock(certificateFile, "CERTIFICATE"), certificateFile);
        byte[] pkcs8 = pemBlock(privateKeyFile, "PRIVATE KEY");
        PrivateKey key = null;
        try {
            for (String algorithm : List.of("RSA", "EC")) {
                try {
                    key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                    break;
                } catch (InvalidKeySpecException e) {
                    // Not this algorithm: try the next.
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the JDK lacks " + algorithm + " keys", e);
                }
            }
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        if (key == null) {
            throw new IOException(privateKeyFile + ": not an RSA or EC PKCS#8 private key");
        }
        return of(certificate, key);
    }

    /**
     * Reads the one private key entry of a PKCS#12 file and its certificate.
     *
     * @throws IOException              if the file cannot be read, the password is wrong, or it holds no key
     *                                  entry or several
     * @throws IllegalArgumentException if the key is of an unsupported kind or not the certificate's
     */
    public static CardCredential fromPkcs12(Path file, char[] password) throws IOException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PKCS#12 file this password opens: " + e.getMessage(), e);
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new IOException(file + ": " + keyAliases.size() + " private keys (" + keyAliases
                        + "), a card slot takes one");
            }
            String alias = keyAliases.getFirst();
            return of(certificateOf(store, alias, file.toString()), privateKeyOf(store, alias, password));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads certificates and their keys by nickname from an NSS database (what spice-gtk's
     * {@code smartcard-db} names, {@code /etc/pki/nssdb} by default), through the JDK's SunPKCS11 provider and
     * the system's NSS ({@code libsoftokn3.so}). Only the SQL format ({@code cert9.db}, {@code key4.db}) is
     * read. NSS initialises once per process, so one process reads one database (any number of times).
     *
     * @param directory the database directory, also as NSS writes it ({@code sql:/etc/pki/nssdb})
     * @param nicknames the certificates' nicknames, as {@code certutil -L} lists them
     * @param password  the database password, or null if it has none
     * @return one credential per nickname, in order
     * @throws IOException if the database or NSS cannot be opened, or a nickname has no certificate and key
     */
    public static List<CardCredential> fromNssDatabase(Path directory, List<String> nicknames, char[] password)
            throws IOException {
        Provider provider = NssDatabase.open(directory);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, password);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(directory + ": NSS cannot read it: " + e.getMessage(), e);
        }
        List<CardCredential> credentials = new ArrayList<>();
        try {
            for (String nickname : nicknames) {
                if (!store.isKeyEntry(nickname)) {
                    throw new IOException(directory + ": no certificate with a private key named '" + nickname
                            + "' (there are: " + Collections.list(store.aliases()) + ")");
                }
                credentials.add(new CardCredential(certificateOf(store, nickname, directory.toString()),
                        privateKeyOf(store, nickname, null), provider));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(directory + ": " + e.getMessage(), e);
        }
        return List.copyOf(credentials);
    }

    /** @return the certificate the card shows for this key */
    public X509Certificate certificate() {
        return certificate;
    }

    PivAlgorithm algorithm() {
        return algorithm;
    }

    /** @return {@code input}, which must be below the modulus, to the private exponent: PIV's RSA operation */
    byte[] rawRsa(byte[] input) throws GeneralSecurityException {
        Cipher cipher = provider == null ? Cipher.getInstance("RSA/ECB/NoPadding")
                : Cipher.getInstance("RSA/ECB/NoPadding", provider);
        cipher.init(Cipher.DECRYPT_MODE, privateKey);
        byte[] result = cipher.doFinal(input);
        int size = algorithm.keyBytes();
        if (result.length == size) {
            return result;
        }
        // Some providers drop the leading zero bytes of a small result; PIV answers in the modulus length.
        byte[] padded = new byte[size];
        System.arraycopy(result, 0, padded, size - result.length, result.length);
        return padded;
    }

    /** @return the DER ECDSA signature of a digest the caller computed */
    byte[] signDigest(byte[] digest) throws GeneralSecurityException {
        Signature signature = provider == null ? Signature.getInstance("NONEwithECDSA")
                : Signature.getInstance("NONEwithECDSA", provider);
        signature.initSign(privateKey);
        signature.update(digest);
        return signature.sign();
    }

    /** @return the ECDH shared secret (the x coordinate) with the peer's uncompressed point {@code 04 X Y} */
    byte[] agree(byte[] peerPoint) throws GeneralSecurityException {
        ECPublicKey own = (ECPublicKey) certificate.getPublicKey();
        int size = algorithm.keyBytes();
        if (peerPoint.length != 1 + 2 * size || peerPoint[0] != 0x04) {
            throw new GeneralSecurityException("not an uncompressed point of this curve");
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(peerPoint, 1, 1 + size)),
                new BigInteger(1, Arrays.copyOfRange(peerPoint, 1 + size, peerPoint.length)));
        Key peer = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, own.getParams()));
        KeyAgreement agreement = provider == null ? KeyAgreement.getInstance("ECDH")
                : KeyAgreement.getInstance("ECDH", provider);
        agreement.init(privateKey);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    /** Signs a fixed message and verifies it with the certificate: a key from another pair fails here, not in the guest. */
    private void checkKeyMatches() {
        byte[] message = "saffron software card key check".getBytes(StandardCharsets.US_ASCII);
        try {
            String name = certificate.getPublicKey() instanceof RSAPublicKey ? "SHA256withRSA" : "SHA256withECDSA";
            Signature signer = provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
            signer.initSign(privateKey);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(name);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the private key is not the one of certificate "
                        + certificate.getSubjectX500Principal());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key cannot sign for certificate "
                    + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificateOf(KeyStore store, String alias, String source)
            throws GeneralSecurityException {
        Certificate certificate = store.getCertificate(alias);
        if (!(certificate instanceof X509Certificate x509)) {
            throw new GeneralSecurityException(source + ": '" + alias + "' has no X.509 certificate");
        }
        return x509;
    }

    private static PrivateKey privateKeyOf(KeyStore store, String alias, char[] password)
            throws GeneralSecurityException {
        if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
            throw new GeneralSecurityException("'" + alias + "' is not a private key");
        }
        return key;
    }

    private static X509Certificate readCertificate(byte[] der, Path file) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** @return the bytes of the first PEM block with this label in the file */
    private static byte[] pemBlock(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = text.indexOf(begin);
        int stop = start < 0 ? -1 : text.indexOf(end, start);
        if (stop < 0) {
            throw new IOException(file + ": no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad base64 in its " + label + " block", e);
        }
    }
}
