package dev.saffron.smartcard;

import static dev.saffron.smartcard.Apdus.data;
import static dev.saffron.smartcard.Apdus.exchange;
import static dev.saffron.smartcard.Apdus.sw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.testing.NssTestDatabase;
import dev.saffron.spice.testing.TestCertificates.Issued;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardCredentialTest {
    private static final Issued RSA = TestCredentials.rsa("CN=Carol");
    private static final Issued EC = TestCredentials.ec("CN=Carol EC");

    @TempDir
    Path directory;

    @Test
    void pemCertificateAndPkcs8KeyOfEitherKind() throws Exception {
        TestCredentials.writePem(RSA, directory, "rsa");
        TestCredentials.writePem(EC, directory, "ec");
        CardCredential rsa = CardCredential.fromPem(directory.resolve("rsa.crt"), directory.resolve("rsa.key"));
        assertEquals(RSA.certificate(), rsa.certificate());
        assertEquals(PivAlgorithm.RSA_2048, rsa.algorithm());
        CardCredential ec = CardCredential.fromPem(directory.resolve("ec.crt"), directory.resolve("ec.key"));
        assertEquals(PivAlgorithm.ECC_P256, ec.algorithm());
        assertThrows(IllegalArgumentException.class,
                () -> CardCredential.fromPem(directory.resolve("rsa.crt"), directory.resolve("ec.key")));
        IOException noBlock = assertThrows(IOException.class,
                () -> CardCredential.fromPem(directory.resolve("rsa.key"), directory.resolve("rsa.key")));
        assertTrue(noBlock.getMessage().contains("BEGIN CERTIFICATE"), noBlock.getMessage());
        Files.writeString(directory.resolve("pkcs1.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThrows(IOException.class,
                () -> CardCredential.fromPem(directory.resolve("rsa.crt"), directory.resolve("pkcs1.key")));
    }

    @Test
    void pkcs12WithItsPassword() throws Exception {
        Path file = directory.resolve("carol.p12");
        writePkcs12(file, "secret".toCharArray(), "carol", RSA);
        CardCredential credential = CardCredential.fromPkcs12(file, "secret".toCharArray());
        assertArrayEquals(RSA.certificate().getEncoded(), credential.certificate().getEncoded());
        assertThrows(IOException.class, () -> CardCredential.fromPkcs12(file, "wrong".toCharArray()));
    }

    @Test
    void pkcs12WithTwoKeysIsAmbiguous() throws Exception {
        Path file = directory.resolve("two.p12");
        writePkcs12(file, "pw".toCharArray(), "carol", RSA, EC);
        IOException e = assertThrows(IOException.class, () -> CardCredential.fromPkcs12(file, "pw".toCharArray()));
        assertTrue(e.getMessage().contains("2 private keys"), e.getMessage());
    }

    /**
     * An NSS database as {@code certutil} and {@code pk12util} make it ({@link NssTestDatabase}), read by
     * nickname through SunPKCS11, and a card made from it that signs. NSS initialises once per JVM: this is
     * the only test that opens a database.
     */
    @Test
    void nssDatabaseByNickname() throws Exception {
        NssTestDatabase database = NssTestDatabase.create(Files.createDirectory(directory.resolve("nssdb")));
        Path db = database.directory();
        database.add("dave", RSA);
        String listed = database.list();
        assertTrue(listed.contains("dave"), listed);

        IOException missing = assertThrows(IOException.class,
                () -> CardCredential.fromNssDatabase(db, List.of("nobody"), null));
        assertTrue(missing.getMessage().contains("nobody"), missing.getMessage());
        List<CardCredential> credentials = CardCredential.fromNssDatabase(db, List.of("dave"), null);
        assertEquals(RSA.certificate(), credentials.getFirst().certificate());
        assertEquals(RSA.certificate(), CardCredential.fromNssDatabase(Path.of("sql:" + db), List.of("dave"), null)
                .getFirst().certificate(), "NSS's own way to name it, and again: NSS stays open");
        IOException other = assertThrows(IOException.class,
                () -> CardCredential.fromNssDatabase(directory, List.of("dave"), null));
        assertTrue(other.getMessage().contains("one database per process"), other.getMessage());

        SoftwareCard card = SoftwareCard.create("NSS card", credentials);
        card.transmit(Apdus.select());
        card.transmit(Apdus.verify(SoftwareCard.DEFAULT_PIN));
        byte[] message = "from nss".getBytes(StandardCharsets.US_ASCII);
        byte[] reply = exchange(card, 0x87, 0x07, 0x9A,
                SoftwareCardTest.authenticationTemplate(0x81, SoftwareCardTest.pkcs1Block(message, 256)));
        assertEquals(0x9000, sw(reply));
        assertTrue(SoftwareCardTest.verifies("SHA256withRSA", RSA.certificate().getPublicKey(), message,
                SoftwareCardTest.responseIn(data(reply))));
    }

    @Test
    void legacyNssFormatIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> CardCredential.fromNssDatabase(Path.of("dbm:" + directory), List.of("x"), null));
        assertTrue(e.getMessage().contains("dbm"), e.getMessage());
    }

    /** Writes the entries as {@code alias}, {@code alias1}, {@code alias2}... */
    private static void writePkcs12(Path file, char[] password, String alias, Issued... entries) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Issued entry : entries) {
            store.setKeyEntry(i == 0 ? alias : alias + i, entry.privateKey(), password, new Certificate[] {entry.certificate()});
            i++;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
