package dev.saffron.spice.internal.tls;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** OpenSSL cipher lists mapped onto JSSE suites, against a fixed stand-in for the JDK's lists. */
class CipherListTest {
    private static final String TLS13_A = "TLS_AES_256_GCM_SHA384";
    private static final String TLS13_B = "TLS_CHACHA20_POLY1305_SHA256";
    private static final String ECDSA_GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String RSA_GCM = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    private static final String RSA_CBC = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
    private static final String PLAIN_RSA = "TLS_RSA_WITH_AES_128_GCM_SHA256";
    private static final String SCSV = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    private static final List<String> DEFAULTS = List.of(TLS13_A, TLS13_B, ECDSA_GCM, RSA_GCM, RSA_CBC, SCSV);
    private static final List<String> SUPPORTED = with(DEFAULTS, PLAIN_RSA);

    private static List<String> with(List<String> list, String... more) {
        List<String> copy = new ArrayList<>(list);
        copy.addAll(List.of(more));
        return copy;
    }

    private static List<String> select(String list) {
        return CipherList.select(list, SUPPORTED, DEFAULTS);
    }

    @Test
    void opensslNamesBecomeJsseNamesInTheirOrderFollowedByTheTls13Suites() {
        assertEquals(List.of(RSA_GCM, PLAIN_RSA, TLS13_A, TLS13_B, SCSV),
                select("ECDHE-RSA-AES256-GCM-SHA384:AES128-GCM-SHA256"));
    }

    @Test
    void jsseNamesAndOtherSeparatorsWorkToo() {
        assertEquals(List.of(RSA_CBC, ECDSA_GCM, TLS13_A, TLS13_B, SCSV),
                select("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, ECDHE-ECDSA-AES128-GCM-SHA256"));
    }

    @Test
    void selectorsStandForTheDefaultsAndExclusionsApplyToNamedSuites() {
        assertEquals(List.of(ECDSA_GCM, RSA_GCM, RSA_CBC, TLS13_A, TLS13_B, SCSV), select("HIGH:!aNULL:!MD5"));
        assertEquals(List.of(ECDSA_GCM, RSA_CBC, TLS13_A, TLS13_B, SCSV),
                select("DEFAULT:-ECDHE-RSA-AES256-GCM-SHA384"));
        assertEquals(List.of(RSA_GCM, ECDSA_GCM, RSA_CBC, TLS13_A, TLS13_B, SCSV),
                select("ECDHE-RSA-AES256-GCM-SHA384:ECDHE+AESGCM:@STRENGTH"));
    }

    @Test
    void aBannedSuiteStaysOutAndARemovedOneMayComeBack() {
        assertEquals(List.of(ECDSA_GCM, RSA_CBC, TLS13_A, TLS13_B, SCSV),
                select("!ECDHE-RSA-AES256-GCM-SHA384:ALL:ECDHE-RSA-AES256-GCM-SHA384"));
        assertEquals(List.of(RSA_CBC, RSA_GCM, TLS13_A, TLS13_B, SCSV),
                select("ECDHE-RSA-AES256-GCM-SHA384:-ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA:"
                        + "ECDHE-RSA-AES256-GCM-SHA384"));
    }

    @Test
    void aListSelectingNothingUsableKeepsTheDefaults() {
        assertEquals(DEFAULTS, select("RC4-SHA:DES-CBC3-SHA"));
        assertEquals(DEFAULTS, select("!ECDHE-RSA-AES256-GCM-SHA384"));
        assertEquals(DEFAULTS, select(""));
        assertEquals(DEFAULTS, select("TLS_AES_256_GCM_SHA384"), "TLS 1.3 suites are not the cipher list's business");
    }
}
