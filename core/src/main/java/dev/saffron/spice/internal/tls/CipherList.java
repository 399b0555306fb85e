package dev.saffron.spice.internal.tls;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns spice-gtk's {@code ciphers}, an OpenSSL cipher list, into JSSE cipher suites. Like OpenSSL's
 * {@code SSL_CTX_set_cipher_list}, it governs TLS 1.2 only: the TLS 1.3 suites stay the JDK's defaults.
 *
 * <p>Elements are separated by colons (commas and spaces too). A suite name, OpenSSL's
 * ({@code ECDHE-RSA-AES128-GCM-SHA256}) or JSSE's ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}), adds that
 * suite if the JDK implements it and ignores it otherwise, as OpenSSL ignores names it does not know;
 * {@code !NAME} or {@code -NAME} removes it ({@code !} for good). Every other element is one of OpenSSL's
 * selectors ({@code HIGH}, {@code DEFAULT}, {@code ECDHE+AESGCM}, ...), which Saffron does not evaluate: a
 * positive one adds the JDK's default TLS 1.2 suites at that point, a negated one is ignored, since the JDK's
 * defaults already leave out what OpenSSL's usual exclusions name (NULL and anonymous suites, RC4, DES, 3DES,
 * MD5, export grades). {@code +NAME} (move to the end) and {@code @STRENGTH}/{@code @SECLEVEL} are ignored.
 * If nothing usable is left, spice-gtk keeps its default list and so does this (the caller logs a warning).
 */
final class CipherList {
    /** OpenSSL's names for the TLS 1.2 suites JSSE implements. */
    private static final Map<String, String> OPENSSL_TO_IANA = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"),
            Map.entry("DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"));

    private CipherList() {
    }

    /**
     * @param list      the OpenSSL cipher list
     * @param supported the suites the JDK implements
     * @param defaults  the suites the JDK enables by default, in its order of preference
     * @return the suites to enable: the TLS 1.2 ones the list selects, in its order, then the default TLS 1.3
     *         ones; or exactly {@code defaults} if the list selects no TLS 1.2 suite
     */
    static List<String> select(String list, List<String> supported, List<String> defaults) {
        Set<String> available = new HashSet<>(supported);
        List<String> defaultTls12 = defaults.stream().filter(suite -> !outsideCipherList(suite)).toList();
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        Set<String> banned = new HashSet<>();
        for (String element : list.split("[:, ]+")) {
            if (element.isEmpty() || element.startsWith("+") || element.startsWith("@")) {
                continue;
            }
            boolean ban = element.startsWith("!");
            boolean remove = ban || element.startsWith("-");
            String name = remove ? element.substring(1) : element;
            if (isSelector(name)) {
                if (!remove) {
                    defaultTls12.stream().filter(suite -> !banned.contains(suite)).forEach(chosen::add);
                }
                continue;
            }
            String suite = OPENSSL_TO_IANA.getOrDefault(name, name);
            if (remove) {
                chosen.remove(suite);
                if (ban) {
                    banned.add(suite);
                }
            } else if (available.contains(suite) && !banned.contains(suite) && !outsideCipherList(suite)) {
                chosen.add(suite);
            }
        }
        if (chosen.isEmpty()) {
            return defaults;
        }
        List<String> result = new ArrayList<>(chosen);
        defaults.stream().filter(CipherList::outsideCipherList).forEach(result::add);
        return result;
    }

    /**
     * OpenSSL's selectors ({@code HIGH}, {@code aNULL}, {@code ECDHE+AESGCM}, {@code TLSv1.2}, ...) have no dash;
     * suite names, OpenSSL's or IANA's, always have a dash or an underscore.
     */
    private static boolean isSelector(String name) {
        return name.contains("+") || name.indexOf('-') < 0 && name.indexOf('_') < 0;
    }

    /**
     * The suites an OpenSSL cipher list does not govern: TLS 1.3's, the only ones without a key exchange in
     * their name, and signalling values such as {@code TLS_EMPTY_RENEGOTIATION_INFO_SCSV}.
     */
    private static boolean outsideCipherList(String suite) {
        return suite.startsWith("TLS_") && !suite.contains("_WITH_");
    }
}
