package dev.saffron.spice.internal.tls;

import dev.saffron.spice.SessionConfig;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a session's TLS setup offers servers. */
class TlsClientContextTest {
    private static List<String> jdkDefaults() throws Exception {
        return Arrays.asList(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
    }

    @Test
    void withoutCiphersTheJdkDefaultsAreOffered() throws Exception {
        assertEquals(jdkDefaults(), TlsClientContext.create(SessionConfig.builder().build()).cipherSuites());
    }

    @Test
    void ciphersNarrowTheTls12SuitesAndKeepTls13() throws Exception {
        List<String> suites = TlsClientContext.create(SessionConfig.builder()
                .ciphers("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384").build()).cipherSuites();

        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                suites.subList(0, 2));
        assertTrue(suites.contains("TLS_AES_128_GCM_SHA256"), suites.toString());
        assertTrue(suites.stream().skip(2).noneMatch(suite -> suite.contains("_WITH_")), suites.toString());
    }

    @Test
    void aCipherListJavaCannotHonourKeepsTheDefaults() throws Exception {
        assertEquals(jdkDefaults(), TlsClientContext.create(SessionConfig.builder().ciphers("RC4-MD5").build())
                .cipherSuites());
    }
}
