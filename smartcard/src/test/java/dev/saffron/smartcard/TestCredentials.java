package dev.saffron.smartcard;

import dev.saffron.spice.testing.TestCertificates;
import dev.saffron.spice.testing.TestCertificates.Issued;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;

/** Certificates with keys for software card tests: RSA 2048 and EC P-256, issued by a test CA. */
final class TestCredentials {
    private static final Issued AUTHORITY = TestCertificates.authority("CN=Saffron smartcard test CA");

    private TestCredentials() {
    }

    static Issued rsa(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return TestCertificates.builder(subject).keys(generator.generateKeyPair()).issuedBy(AUTHORITY).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued ec(String subject) {
        return TestCertificates.builder(subject).issuedBy(AUTHORITY).build();
    }

    static CardCredential credential(Issued issued) {
        return CardCredential.of(issued.certificate(), issued.privateKey());
    }

    /** Writes {@code NAME.crt} and {@code NAME.key} (PKCS#8) into the directory. */
    static void writePem(Issued issued, Path directory, String name) throws IOException {
        Files.writeString(directory.resolve(name + ".crt"), issued.certificatePem());
        Files.writeString(directory.resolve(name + ".key"), issued.privateKeyPem());
    }
}
