package dev.saffron.spice.internal.tls;

import java.util.Arrays;
import java.util.Optional;

/**
 * The attribute types a {@code cert-subject} string may name, with the short and long names OpenSSL knows
 * them by (case matters, as in OpenSSL) and the limits OpenSSL puts on their values when it builds a name
 * from text (RFC 5280's upper bounds, and the string types some attributes are restricted to). spice-gtk
 * accepts any name OpenSSL's object table has; this table holds the ones found in distinguished names, and
 * any other type can be given by its dotted OID.
 */
enum NameAttribute {
    COMMON_NAME("CN", "commonName", "2.5.4.3", 1, 64, Alphabet.ANY),
    SURNAME("SN", "surname", "2.5.4.4", 1, 32768, Alphabet.ANY),
    SERIAL_NUMBER("serialNumber", "serialNumber", "2.5.4.5", 1, 64, Alphabet.PRINTABLE),
    COUNTRY("C", "countryName", "2.5.4.6", 2, 2, Alphabet.PRINTABLE),
    LOCALITY("L", "localityName", "2.5.4.7", 1, 128, Alphabet.ANY),
    STATE("ST", "stateOrProvinceName", "2.5.4.8", 1, 128, Alphabet.ANY),
    STREET("street", "streetAddress", "2.5.4.9", -1, -1, Alphabet.ANY),
    ORGANIZATION("O", "organizationName", "2.5.4.10", 1, 64, Alphabet.ANY),
    ORGANIZATIONAL_UNIT("OU", "organizationalUnitName", "2.5.4.11", 1, 64, Alphabet.ANY),
    TITLE("title", "title", "2.5.4.12", -1, -1, Alphabet.ANY),
    DESCRIPTION("description", "description", "2.5.4.13", -1, -1, Alphabet.ANY),
    BUSINESS_CATEGORY("businessCategory", "businessCategory", "2.5.4.15", -1, -1, Alphabet.ANY),
    POSTAL_CODE("postalCode", "postalCode", "2.5.4.17", -1, -1, Alphabet.ANY),
    NAME("name", "name", "2.5.4.41", 1, 32768, Alphabet.ANY),
    GIVEN_NAME("GN", "givenName", "2.5.4.42", 1, 32768, Alphabet.ANY),
    INITIALS("initials", "initials", "2.5.4.43", 1, 32768, Alphabet.ANY),
    GENERATION_QUALIFIER("generationQualifier", "generationQualifier", "2.5.4.44", -1, -1, Alphabet.ANY),
    DN_QUALIFIER("dnQualifier", "dnQualifier", "2.5.4.46", -1, -1, Alphabet.PRINTABLE),
    PSEUDONYM("pseudonym", "pseudonym", "2.5.4.65", -1, -1, Alphabet.ANY),
    EMAIL_ADDRESS("emailAddress", "emailAddress", "1.2.840.113549.1.9.1", 1, 128, Alphabet.IA5),
    UNSTRUCTURED_NAME("unstructuredName", "unstructuredName", "1.2.840.113549.1.9.2", 1, -1, Alphabet.ANY),
    USER_ID("UID", "userId", "0.9.2342.19200300.100.1.1", -1, -1, Alphabet.ANY),
    MAIL("mail", "rfc822Mailbox", "0.9.2342.19200300.100.1.3", 1, 256, Alphabet.IA5),
    DOMAIN_COMPONENT("DC", "domainComponent", "0.9.2342.19200300.100.1.25", 1, -1, Alphabet.IA5);

    /** Which characters a value may hold. */
    enum Alphabet {
        /** Any Unicode text. */
        ANY,
        /** ASN.1 PrintableString: letters, digits, space and {@code '()+,-./:=?}. */
        PRINTABLE,
        /** ASN.1 IA5String: ASCII. */
        IA5
    }

    private final String shortName;
    private final String longName;
    private final String oid;
    private final int minChars;
    private final int maxChars;
    private final Alphabet alphabet;

    NameAttribute(String shortName, String longName, String oid, int minChars, int maxChars, Alphabet alphabet) {
        this.shortName = shortName;
        this.longName = longName;
        this.oid = oid;
        this.minChars = minChars;
        this.maxChars = maxChars;
        this.alphabet = alphabet;
    }

    String oid() {
        return oid;
    }

    String shortName() {
        return shortName;
    }

    /** @return the attribute a short name, long name or dotted OID stands for */
    static Optional<NameAttribute> byName(String key) {
        return Arrays.stream(values())
                .filter(a -> a.shortName.equals(key) || a.longName.equals(key) || a.oid.equals(key))
                .findFirst();
    }

    /** @return why {@code value} is not acceptable for this attribute, or empty if it is */
    Optional<String> reject(String value) {
        int chars = value.codePointCount(0, value.length());
        if (minChars >= 0 && chars < minChars) {
            return Optional.of(shortName + " needs at least " + minChars + " characters, not " + chars);
        }
        if (maxChars >= 0 && chars > maxChars) {
            return Optional.of(shortName + " allows at most " + maxChars + " characters, not " + chars);
        }
        boolean fits = switch (alphabet) {
            case ANY -> true;
            case IA5 -> value.chars().allMatch(c -> c < 0x80);
            case PRINTABLE -> value.chars().allMatch(NameAttribute::isPrintable);
        };
        return fits ? Optional.empty() : Optional.of(shortName + " allows only " + alphabet + " characters");
    }

    private static boolean isPrintable(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || " '()+,-./:=?".indexOf(c) >= 0;
    }
}
