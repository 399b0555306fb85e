package dev.saffron.spice.internal.tls;

import dev.saffron.spice.testing.TestCertificates;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cert-subject strings, and how they compare with certificates' subjects, as spice-common does it. */
class SubjectTextTest {
    private static final String RED_HAT = "C=IL,L=Raanana,O=Red Hat,CN=my server";

    private static final TestCertificates.Issued CA = TestCertificates.authority("CN=subject test CA");

    /** @return the canonical form of the subject of a certificate with this DER-ordered subject */
    private static CanonicalName certificateSubject(X500Name subject) throws Exception {
        byte[] encoded = TestCertificates.builder(subject).issuedBy(CA).build().certificate()
                .getSubjectX500Principal().getEncoded();
        return CanonicalName.fromDer(encoded);
    }

    private static CanonicalName certificateSubject(String subject) throws Exception {
        return certificateSubject(new X500Name(subject));
    }

    private static X500Name oneAttributePerRdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new X500Name(new RDN[] {new RDN(new AttributeTypeAndValue(type, value))});
    }

    @Test
    void theDocumentedFormMatchesTheSameSubject() throws Exception {
        assertEquals(certificateSubject(RED_HAT), SubjectText.parse(RED_HAT));
        assertEquals(4, SubjectText.parse(RED_HAT).attributeCount());
    }

    @Test
    void valuesCompareIgnoringAsciiCaseAndSpaceRuns() throws Exception {
        assertEquals(certificateSubject(RED_HAT),
                SubjectText.parse("  C=il, L=RAANANA,O=  red \t  HAT  ,CN=My Server"));
    }

    @Test
    void keysAreCaseSensitiveAndSpacesInsideThemCount() {
        IllegalArgumentException lower = assertThrows(IllegalArgumentException.class,
                () -> SubjectText.parse("cn=my server"));
        assertTrue(lower.getMessage().contains("unknown attribute 'cn'"), lower.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SubjectText.parse("CN =my server"));
    }

    @Test
    void longNamesAndDottedOidsNameTheSameAttributes() throws Exception {
        assertEquals(certificateSubject(RED_HAT), SubjectText.parse(
                "countryName=IL,localityName=Raanana,2.5.4.10=Red Hat,commonName=my server"));
    }

    @Test
    void escapedCommasAndBackslashesAreLiteral() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Acme, Inc.").addRDN(BCStyle.CN, "a\\b").build();

        assertEquals(certificateSubject(subject), SubjectText.parse("O=Acme\\, Inc.,CN=a\\\\b"));
    }

    @Test
    void aTrailingCommaIsAllowed() throws Exception {
        assertEquals(certificateSubject(RED_HAT), SubjectText.parse(RED_HAT + ","));
        assertEquals(certificateSubject(RED_HAT), SubjectText.parse(RED_HAT + ",  "));
    }

    @Test
    void orderAndCompletenessMatter() throws Exception {
        CanonicalName certificate = certificateSubject(RED_HAT);

        assertNotEquals(certificate, SubjectText.parse("CN=my server,O=Red Hat,L=Raanana,C=IL"));
        assertNotEquals(certificate, SubjectText.parse("C=IL,O=Red Hat,CN=my server"));
        assertNotEquals(certificate, SubjectText.parse(RED_HAT + ",OU=extra"));
        assertNotEquals(certificate, SubjectText.parse("C=IL,L=Raanana,O=Red Hat,CN=my  server2"));
    }

    @Test
    void aMultiValuedRelativeNameIsNotTheSameAsSeparateOnes() throws Exception {
        X500Name multi = new X500Name(new RDN[] {
                new RDN(new AttributeTypeAndValue[] {
                        new AttributeTypeAndValue(BCStyle.O, new DERUTF8String("Red Hat")),
                        new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("my server"))})});

        CanonicalName certificate = certificateSubject(multi);
        assertEquals(2, certificate.attributeCount());
        assertNotEquals(certificate, SubjectText.parse("O=Red Hat,CN=my server"));
    }

    @Test
    void textValuesCompareWhateverStringTypeTheCertificateUses() throws Exception {
        assertEquals(certificateSubject(oneAttributePerRdn(BCStyle.CN, new DERBMPString("My Server"))),
                SubjectText.parse("CN=my server"));
        assertEquals(certificateSubject(oneAttributePerRdn(BCStyle.CN, new DERPrintableString("my server"))),
                SubjectText.parse("CN=my server"));
        assertEquals(certificateSubject(oneAttributePerRdn(BCStyle.CN, new DERUTF8String("Grüße"))),
                SubjectText.parse("CN=grüße"));
        // Only ASCII letters are folded.
        assertEquals(certificateSubject(oneAttributePerRdn(BCStyle.CN, new DERUTF8String("GRÜSSE"))),
                SubjectText.parse("CN=grÜsse"));
        assertNotEquals(certificateSubject(oneAttributePerRdn(BCStyle.CN, new DERUTF8String("GRÜSSE"))),
                SubjectText.parse("CN=grüsse"));
    }

    @Test
    void aValueThatIsNotOneOfTheFoldedStringTypesMatchesNoText() throws Exception {
        assertNotEquals(certificateSubject(oneAttributePerRdn(BCStyle.CN, new DERNumericString("123"))),
                SubjectText.parse("CN=123"));
    }

    @Test
    void anEmptySubjectMatchesOnlyAnEmptyName() throws Exception {
        assertEquals(CanonicalName.fromDer(new X500Name(new RDN[0]).getEncoded()), SubjectText.parse(""));
        assertNotEquals(certificateSubject(RED_HAT), SubjectText.parse(""));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "C=IL,,CN=x",        // a comma where a pair should be
            ",C=IL",
            "C",                 // no '='
            "C=IL,CN",
            "CN=",               // empty value
            "C=IL,CN=,O=x",
            "CN=a\\b",           // backslash before something other than '\' or ','
            "CN=a\\",
            "=x",                // empty key
            "C=ISR",             // countryName is exactly two characters
            "C=I!",              // and printable only
            "emailAddress=é@example.org",
            "CN=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // 65 characters, 64 allowed
            "commonname=x",
            "1.2=x.y,foo=bar",
    })
    void malformedSubjectsAreRejectedWithAReason(String subject) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectText.parse(subject));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void aNulEndsTheStringAsInC() throws Exception {
        assertEquals(certificateSubject("C=IL"), SubjectText.parse("C=IL\0,CN=ignored"));
    }

    @Test
    void formatWritesTheCertificateOrderInTheSameSyntax() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "IL").addRDN(BCStyle.O, "Acme, Inc.").addRDN(BCStyle.CN, "a\\b")
                .addMultiValuedRDN(new AttributeTypeAndValue[] {
                        new AttributeTypeAndValue(BCStyle.OU, new DERUTF8String("ops")),
                        new AttributeTypeAndValue(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                                new DERUTF8String("x"))})
                .build();
        byte[] encoded = TestCertificates.builder(subject).build().certificate().getSubjectX500Principal().getEncoded();

        String text = SubjectText.format(encoded).orElseThrow();

        assertEquals("C=IL,O=Acme\\, Inc.,CN=a\\\\b,OU=ops+1.3.6.1.4.1.99999.1=x", text);
        assertEquals(CanonicalName.fromDer(TestCertificates.builder(RED_HAT).build().certificate()
                .getSubjectX500Principal().getEncoded()), SubjectText.parse(SubjectText.format(
                TestCertificates.builder(RED_HAT).build().certificate().getSubjectX500Principal().getEncoded())
                .orElseThrow()));
    }
}
