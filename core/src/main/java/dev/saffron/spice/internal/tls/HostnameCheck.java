package dev.saffron.spice.internal.tls;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a certificate names the host a session connects to, by spice-common's rules (RFC 2818 style):
 * the subjectAltName's DNS names and IP addresses if it has any of either, else every common name in the
 * subject. Names compare case-insensitively in ASCII; a {@code *} anywhere in a certificate name matches any
 * run of characters without a dot, and a name may hold several. A DNS name or common name with a NUL byte
 * never matches. IP entries match only a host written as an IP address, byte for byte.
 */
final class HostnameCheck {
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String COMMON_NAME = NameAttribute.COMMON_NAME.oid();
    private static final int DNS_NAME = 0x82;
    private static final int IP_ADDRESS = 0x87;
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    private HostnameCheck() {
    }

    /**
     * @param host the configured host; an IPv6 literal may keep its brackets
     * @return empty if the certificate names the host, else a description of the names it has
     */
    static Optional<String> mismatch(X509Certificate certificate, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] hostBytes = cString(bare);
        Optional<byte[]> hostAddress = ipAddress(bare);
        List<String> names = new ArrayList<>();
        boolean altNames = false;
        for (AltName name : subjectAltNames(certificate)) {
            if (name.tag == DNS_NAME) {
                altNames = true;
                names.add("DNS:" + printable(name.value));
                if (patternMatches(name.value, hostBytes)) {
                    return Optional.empty();
                }
            } else if (name.tag == IP_ADDRESS) {
                altNames = true;
                names.add("IP:" + ipText(name.value));
                if (hostAddress.isPresent() && Arrays.equals(hostAddress.get(), name.value)) {
                    return Optional.empty();
                }
            }
        }
        if (!altNames) {
            for (byte[] commonName : commonNames(certificate)) {
                names.add("CN=" + printable(commonName));
                if (patternMatches(commonName, hostBytes)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(names.isEmpty() ? "the certificate names no host"
                : "the certificate names " + String.join(", ", names)
                + (altNames ? " in subjectAltName (its common name does not count then)" : ""));
    }

    /**
     * spice-common's comparison of one certificate name with the host, both as bytes. Each {@code *} in the
     * pattern matches zero or more characters up to the next dot of the host; every other byte must equal the
     * host's, ignoring ASCII case. Worked out row by row from the end of the pattern, so a pattern full of
     * stars costs pattern length times host length, not an exponential search.
     */
    static boolean patternMatches(byte[] pattern, byte[] host) {
        int hostLength = host.length;
        // next[h]: does pattern[c + 1..] match host[h..]; row[h]: the same for pattern[c..].
        boolean[] next = new boolean[hostLength + 1];
        boolean[] row = new boolean[hostLength + 1];
        next[hostLength] = true;
        boolean[] starRun = new boolean[hostLength + 2];
        for (int c = pattern.length - 1; c >= 0; c--) {
            byte p = pattern[c];
            if (p == '*') {
                // starRun[h]: next[k] holds for some k from h up to the first dot (or the end) at or after h.
                for (int h = hostLength; h >= 0; h--) {
                    starRun[h] = next[h] || h < hostLength && host[h] != '.' && starRun[h + 1];
                }
            }
            for (int h = hostLength; h >= 0; h--) {
                if (p != 0 && h < hostLength && upper(p) == upper(host[h])) {
                    row[h] = next[h + 1];
                } else {
                    row[h] = p == '*' && starRun[h];
                }
            }
            boolean[] done = next;
            next = row;
            row = done;
        }
        return next[0];
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b;
    }

    /** The host as C sees it: UTF-8, ending at the first NUL if there is one. */
    private static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return Arrays.copyOf(bytes, i);
            }
        }
        return bytes;
    }

    /**
     * @return the host's address bytes if it is an IP address literal as {@code inet_pton} reads them: a
     *         dotted quad without leading zeros, or IPv6 text (an IPv4-mapped one stays 16 bytes)
     */
    static Optional<byte[]> ipAddress(String host) {
        try {
            if (DOTTED_QUAD.matcher(host).matches()) {
                return Optional.of(Inet4Address.ofLiteral(host).getAddress());
            }
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                InetAddress address = Inet6Address.ofLiteral(host);
                byte[] bytes = address.getAddress();
                if (bytes.length == 4) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xFF;
                    mapped[11] = (byte) 0xFF;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    return Optional.of(mapped);
                }
                return Optional.of(bytes);
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private record AltName(int tag, byte[] value) {
    }

    /** @return the subjectAltName entries; none if the extension is absent or malformed, as OpenSSL has it */
    private static List<AltName> subjectAltNames(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(SUBJECT_ALT_NAME);
        if (extension == null) {
            return List.of();
        }
        List<AltName> names = new ArrayList<>();
        try {
            DerReader wrapper = DerReader.of(extension);
            byte[] value = wrapper.next(DerReader.OCTET_STRING).contents();
            DerReader outer = DerReader.of(value);
            DerReader entries = outer.next(DerReader.SEQUENCE).inner();
            if (wrapper.hasMore() || outer.hasMore()) {
                return List.of();
            }
            while (entries.hasMore()) {
                DerReader.Element entry = entries.next();
                names.add(new AltName(entry.tag(), entry.contents()));
            }
        } catch (DerReader.DerException e) {
            return List.of();
        }
        return names;
    }

    /** @return the raw bytes of every common name in the subject, in order */
    private static List<byte[]> commonNames(X509Certificate certificate) {
        List<byte[]> names = new ArrayList<>();
        try {
            DerReader outer = DerReader.of(certificate.getSubjectX500Principal().getEncoded());
            DerReader sequence = outer.next(DerReader.SEQUENCE).inner();
            while (sequence.hasMore()) {
                DerReader set = sequence.next(DerReader.SET).inner();
                while (set.hasMore()) {
                    DerReader pair = set.next(DerReader.SEQUENCE).inner();
                    String oid = pair.next(DerReader.OBJECT_IDENTIFIER).oid();
                    DerReader.Element value = pair.next();
                    if (oid.equals(COMMON_NAME)) {
                        names.add(value.contents());
                    }
                }
            }
        } catch (DerReader.DerException e) {
            return names;
        }
        return names;
    }

    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : "\\x" + HexFormat.of().toHexDigits((byte) c));
        }
        return text.toString();
    }

    private static String ipText(byte[] bytes) {
        if (bytes.length == 4 || bytes.length == 16) {
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                return HexFormat.of().formatHex(bytes);
            }
        }
        return HexFormat.of().formatHex(bytes);
    }
}
