package dev.saffron.spice.internal.tls;

import dev.saffron.spice.testing.TestCertificates;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading CA bundles. */
class PemCertificatesTest {
    private static final TestCertificates.Issued FIRST = TestCertificates.authority("CN=first CA");
    private static final TestCertificates.Issued SECOND = TestCertificates.authority("CN=second CA");

    private static List<X509Certificate> read(String pem) throws CertificateException {
        return PemCertificates.read(pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void everyCertificateBlockIsReadInOrderAndOtherBlocksAreSkipped() throws Exception {
        String bundle = "# a comment OpenSSL ignores too\n"
                + FIRST.certificatePem()
                + TestCertificates.pem("X509 CRL", new byte[] {1, 2, 3})
                + FIRST.privateKeyPem()
                + "Subject: some text between blocks\n"
                + SECOND.certificatePem().replace("CERTIFICATE", "TRUSTED CERTIFICATE");

        List<X509Certificate> certificates = read(bundle);

        assertEquals(List.of(FIRST.certificate(), SECOND.certificate()), certificates);
    }

    @Test
    void noBlocksMeansNoCertificates() throws Exception {
        assertEquals(List.of(), read(""));
        assertEquals(List.of(), read("just text\n"));
    }

    @Test
    void brokenBlocksAreErrors() {
        String pem = FIRST.certificatePem();
        assertThrows(CertificateException.class, () -> read(pem.substring(0, pem.indexOf("-----END"))));
        assertThrows(CertificateException.class, () -> read("-----BEGIN CERTIFICATE"));
        CertificateException garbage = assertThrows(CertificateException.class,
                () -> read(TestCertificates.pem("CERTIFICATE",
                        "not a certificate".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(garbage.getMessage() != null);
    }
}
