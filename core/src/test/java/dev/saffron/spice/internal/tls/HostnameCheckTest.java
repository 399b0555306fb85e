package dev.saffron.spice.internal.tls;

import dev.saffron.spice.testing.TestCertificates;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host name matching as spice-common does it, on hand-written names and on certificates made here. */
class HostnameCheckTest {
    private static boolean matches(String pattern, String host) {
        return HostnameCheck.patternMatches(pattern.getBytes(StandardCharsets.UTF_8),
                host.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
            "example.com, example.com",
            "Example.COM, example.com",
            "*.example.com, www.example.com",
            "*.example.com, WWW.Example.Com",
            "f*.example.com, foo.example.com",
            "f*.example.com, f.example.com",
            "*oo.example.com, foo.example.com",
            "a*b*c, axxbyyc",
            "a*b*c, abc",
            "*.*.com, a.b.com",
            "*, localhost",
            "*.com, example.com",
            "www.*.com, www.example.com",
            "'', ''",
    })
    void matchingNames(String pattern, String host) {
        assertTrue(matches(pattern, host));
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
            "example.com, example.org",
            "example.com, www.example.com",
            "*.example.com, example.com",
            "*.example.com, a.b.example.com",
            "f*.example.com, bar.example.com",
            "a*b*c, axxbyy",
            "*, a.b",
            "example.com, example.com.",
            "example.com., example.com",
            "'', a",
            "a, ''",
            "É.example.com, é.example.com",
    })
    void differentNames(String pattern, String host) {
        assertFalse(matches(pattern, host));
    }

    @Test
    void aNulByteInTheCertificateNameNeverMatches() {
        byte[] withNul = "example.com\0.evil.org".getBytes(StandardCharsets.US_ASCII);

        assertFalse(HostnameCheck.patternMatches(withNul, "example.com".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(HostnameCheck.patternMatches(withNul, withNul));
        assertTrue(HostnameCheck.patternMatches("example.com".getBytes(StandardCharsets.US_ASCII),
                "example.com".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aPatternFullOfStarsCostsLinearTime() {
        byte[] pattern = ("*".repeat(20_000) + "x").getBytes(StandardCharsets.US_ASCII);

        assertFalse(HostnameCheck.patternMatches(pattern, "a".repeat(250).getBytes(StandardCharsets.US_ASCII)));
        assertTrue(HostnameCheck.patternMatches(pattern, ("a".repeat(249) + "x").getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "127.0.0.1, 7f000001",
            "::1, 00000000000000000000000000000001",
            "::ffff:127.0.0.1, 00000000000000000000ffff7f000001",
            "fe80::1, fe800000000000000000000000000001",
    })
    void ipLiteralsAreReadAsInetPtonDoes(String host, String hex) {
        assertEquals(hex, HexFormat.of().formatHex(HostnameCheck.ipAddress(host).orElseThrow()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"localhost", "010.0.0.1", "127.1", "1.2.3.256", "[::1]", "example.com"})
    void otherHostsAreNotAddresses(String host) {
        assertEquals(Optional.empty(), HostnameCheck.ipAddress(host));
    }

    private static X509Certificate certificate(TestCertificates.Builder builder) {
        return builder.build().certificate();
    }

    @Test
    void subjectAltNameDnsEntriesAreChecked() {
        X509Certificate cert = certificate(TestCertificates.builder("CN=ignored.example")
                .dnsName("spice.example").dnsName("*.vms.example"));

        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "spice.example"));
        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "vm7.vms.example"));
        Optional<String> cnOnly = HostnameCheck.mismatch(cert, "ignored.example");
        assertTrue(cnOnly.orElseThrow().contains("DNS:spice.example, DNS:*.vms.example"), cnOnly.get());
        assertTrue(cnOnly.get().contains("common name does not count"), cnOnly.get());
    }

    @Test
    void ipEntriesMatchAddressesByteForByte() {
        X509Certificate cert = certificate(TestCertificates.builder("CN=localhost")
                .ipAddress("127.0.0.1").ipAddress("::1"));

        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "127.0.0.1"));
        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "::1"));
        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "[::1]"));
        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "0:0:0:0:0:0:0:1"));
        // An IP entry counts as subjectAltName, so the common name is not consulted.
        assertTrue(HostnameCheck.mismatch(cert, "localhost").isPresent());
        // glib reads this as 16 bytes, which differ from the 4-byte entry.
        assertTrue(HostnameCheck.mismatch(cert, "::ffff:127.0.0.1").isPresent());
        assertTrue(HostnameCheck.mismatch(cert, "127.0.0.2").orElseThrow().contains("IP:127.0.0.1"));
    }

    @Test
    void aDnsEntryHoldingAnAddressMatchesItAsText() {
        X509Certificate cert = certificate(TestCertificates.builder("CN=x").dnsName("127.0.0.1"));

        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "127.0.0.1"));
    }

    @Test
    void withoutDnsOrIpEntriesEveryCommonNameIsTried() {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Saffron").addRDN(BCStyle.CN, "first.example")
                .addRDN(BCStyle.CN, "*.second.example");
        X509Certificate cert = certificate(TestCertificates.builder(subject.build())
                .altName(GeneralName.rfc822Name, new DERIA5String("admin@example.org")));

        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "first.example"));
        assertEquals(Optional.empty(), HostnameCheck.mismatch(cert, "vm.second.example"));
        Optional<String> other = HostnameCheck.mismatch(cert, "third.example");
        assertTrue(other.orElseThrow().contains("CN=first.example, CN=*.second.example"), other.get());
    }

    @Test
    void commonNamesCompareAsTheirRawBytes() {
        // OpenSSL hands the comparison the string's bytes as stored: UTF-16 for a BMPString.
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, new DERBMPString("host"));
        X509Certificate cert = certificate(TestCertificates.builder(subject.build()));

        assertTrue(HostnameCheck.mismatch(cert, "host").isPresent());
    }

    @Test
    void aDnsEntryWithANulByteMatchesNothing() {
        X509Certificate cert = certificate(TestCertificates.builder("CN=x")
                .altName(GeneralName.dNSName, new DERIA5String("spice.example\0.evil.org")));

        Optional<String> mismatch = HostnameCheck.mismatch(cert, "spice.example");
        assertTrue(mismatch.orElseThrow().contains("DNS:spice.example\\x00.evil.org"), mismatch.get());
    }

    @Test
    void aCertificateWithoutNamesNamesNoHost() {
        X509Certificate cert = certificate(TestCertificates.builder("O=Saffron"));

        assertEquals(Optional.of("the certificate names no host"), HostnameCheck.mismatch(cert, "localhost"));
    }
}
