package dev.saffron.spice.internal.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The certificates in a PEM bundle, as OpenSSL's CA loading reads one: every {@code CERTIFICATE},
 * {@code X509 CERTIFICATE} and {@code TRUSTED CERTIFICATE} block, in order. Other blocks (CRLs, keys) and
 * text between blocks are skipped; OpenSSL loads CRLs too, but without CRL checking switched on, which
 * spice-gtk never does, they change nothing.
 */
final class PemCertificates {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final Set<String> CERTIFICATE_LABELS =
            Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE");

    private PemCertificates() {
    }

    /**
     * @throws CertificateException if a certificate block is not valid base64 or not a certificate, or a
     *                              block does not end
     */
    static List<X509Certificate> read(byte[] pem) throws CertificateException {
        String text = new String(pem, StandardCharsets.ISO_8859_1);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                return certificates;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new CertificateException("a PEM header does not end");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd);
            String footer = END + label + DASHES;
            int end = text.indexOf(footer, labelEnd + DASHES.length());
            if (end < 0) {
                throw new CertificateException("the PEM block " + label + " has no end line");
            }
            if (CERTIFICATE_LABELS.contains(label)) {
                byte[] der;
                try {
                    der = Base64.getMimeDecoder().decode(text.substring(labelEnd + DASHES.length(), end));
                } catch (IllegalArgumentException e) {
                    throw new CertificateException("a PEM certificate is not valid base64", e);
                }
                // A TRUSTED CERTIFICATE carries OpenSSL's trust settings after the certificate; the factory
                // reads the certificate and leaves the rest.
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            from = end + footer.length();
        }
    }
}
