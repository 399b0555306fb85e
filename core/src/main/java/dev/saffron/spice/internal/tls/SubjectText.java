package dev.saffron.spice.internal.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code cert-subject} string the way spice-gtk does: {@code key=value} pairs separated by commas,
 * each pair one relative name, in the certificate's order. A backslash escapes a comma or a backslash and
 * nothing else; spaces before a key are skipped; a trailing comma is allowed; an empty value is an error.
 * Values are kept as written, then folded by {@link CanonicalName}, so case and runs of spaces do not
 * matter when names are compared.
 */
final class SubjectText {
    private static final Pattern DOTTED_OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    private SubjectText() {
    }

    /**
     * @param subject for example {@code C=IL,L=Raanana,O=Red Hat,CN=my server}
     * @return the name it stands for
     * @throws IllegalArgumentException naming what is wrong with the string
     */
    static CanonicalName parse(String subject) {
        List<List<CanonicalName.Attribute>> relativeNames = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inValue = false;
        int i = 0;
        while (true) {
            boolean end = i >= subject.length() || subject.charAt(i) == '\0';
            char c = end ? '\0' : subject.charAt(i);
            boolean escaped = false;
            if (c == '\\') {
                i++;
                char next = i < subject.length() ? subject.charAt(i) : '\0';
                if (next != '\\' && next != ',') {
                    throw new IllegalArgumentException("a backslash must be followed by a backslash or a comma");
                }
                c = next;
                escaped = true;
            }
            if (!inValue) {
                if (end) {
                    if (key.isEmpty()) {
                        return CanonicalName.of(relativeNames);
                    }
                    throw new IllegalArgumentException("'" + key + "' has no '=' and value");
                }
                if (c == ' ' && key.isEmpty()) {
                    i++;
                    continue;
                }
                if (c == ',' && !escaped) {
                    throw new IllegalArgumentException("a comma where a key=value pair should be");
                }
                if (c == '=') {
                    inValue = true;
                } else {
                    key.append(c);
                }
            } else if (end || c == ',' && !escaped) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("'" + key + "' has an empty value");
                }
                relativeNames.add(List.of(attribute(key.toString(), value.toString())));
                if (end) {
                    return CanonicalName.of(relativeNames);
                }
                key.setLength(0);
                value.setLength(0);
                inValue = false;
            } else {
                value.append(c);
            }
            i++;
        }
    }

    /**
     * Writes a certificate's subject in the form {@link #parse} reads, in the certificate's order, so that a
     * user can copy it into {@code cert-subject}: short names where known, dotted OIDs otherwise, {@code +}
     * between the attributes of one relative name, commas and backslashes escaped.
     *
     * @param encoded the DER {@code Name}
     * @return the text, or empty if the name cannot be read
     */
    static Optional<String> format(byte[] encoded) {
        StringBuilder text = new StringBuilder();
        try {
            DerReader outer = DerReader.of(encoded);
            DerReader sequence = outer.next(DerReader.SEQUENCE).inner();
            while (sequence.hasMore()) {
                DerReader set = sequence.next(DerReader.SET).inner();
                boolean first = true;
                text.append(text.isEmpty() ? "" : ",");
                while (set.hasMore()) {
                    DerReader pair = set.next(DerReader.SEQUENCE).inner();
                    String oid = pair.next(DerReader.OBJECT_IDENTIFIER).oid();
                    DerReader.Element value = pair.next();
                    String readable = CanonicalName.text(value.tag(), value.contents())
                            .orElseGet(() -> "#" + HexFormat.of().formatHex(value.contents()));
                    text.append(first ? "" : "+")
                            .append(NameAttribute.byName(oid).map(NameAttribute::shortName).orElse(oid)).append('=')
                            .append(readable.replace("\\", "\\\\").replace(",", "\\,"));
                    first = false;
                }
            }
        } catch (DerReader.DerException e) {
            return Optional.empty();
        }
        return Optional.of(text.toString());
    }

    private static CanonicalName.Attribute attribute(String key, String value) {
        String oid;
        Optional<NameAttribute> known = NameAttribute.byName(key);
        if (known.isPresent()) {
            known.get().reject(value).ifPresent(reason -> {
                throw new IllegalArgumentException(reason);
            });
            oid = known.get().oid();
        } else if (DOTTED_OID.matcher(key).matches()) {
            oid = key;
        } else {
            throw new IllegalArgumentException("unknown attribute '" + key + "' (names are case-sensitive, "
                    + "as in C, ST, L, O, OU, CN, emailAddress; or give a dotted OID)");
        }
        return new CanonicalName.Attribute(oid, CanonicalName.UTF8_STRING,
                CanonicalName.canonicalText(value.getBytes(StandardCharsets.UTF_8)));
    }
}
