package dev.saffron.spice.internal.tls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An X.509 distinguished name in the canonical form OpenSSL compares names in, which is how spice-gtk checks
 * {@code cert-subject}: the relative names keep their order; inside one, attributes form a set; every text
 * value becomes UTF-8 with ASCII letters lowered, leading and trailing white space dropped and inner runs of
 * white space turned into one space. Values of other ASN.1 types stay as they were, tag and bytes, and so
 * never equal a text value. Equality is by value.
 */
final class CanonicalName {
    /** The ASN.1 tag of UTF8String, which every canonical text value carries. */
    static final int UTF8_STRING = 12;
    private static final int PRINTABLE_STRING = 19;
    private static final int T61_STRING = 20;
    private static final int IA5_STRING = 22;
    private static final int UNIVERSAL_STRING = 28;
    private static final int VISIBLE_STRING = 26;
    private static final int BMP_STRING = 30;
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    /**
     * One attribute of a relative name.
     *
     * @param oid   the attribute type in dotted form
     * @param tag   {@link #UTF8_STRING} for text, else the value's own ASN.1 tag
     * @param value the canonical bytes, one char per byte (ISO-8859-1), so that records compare by value
     */
    record Attribute(String oid, int tag, String value) {
    }

    private static final Comparator<Attribute> ORDER = Comparator.comparing(Attribute::oid)
            .thenComparingInt(Attribute::tag).thenComparing(Attribute::value);

    private final List<List<Attribute>> relativeNames;

    private CanonicalName(List<List<Attribute>> relativeNames) {
        this.relativeNames = relativeNames;
    }

    /** @param relativeNames the relative names in order, each a set of attributes */
    static CanonicalName of(List<List<Attribute>> relativeNames) {
        List<List<Attribute>> sorted = new ArrayList<>();
        for (List<Attribute> relativeName : relativeNames) {
            sorted.add(relativeName.stream().sorted(ORDER).toList());
        }
        return new CanonicalName(List.copyOf(sorted));
    }

    /**
     * Reads a DER-encoded {@code Name} (as {@link javax.security.auth.x500.X500Principal#getEncoded()} gives).
     *
     * @throws DerReader.DerException if the DER is malformed or a text value cannot be decoded; OpenSSL's
     *                                comparison fails for such a name too
     */
    static CanonicalName fromDer(byte[] encoded) throws DerReader.DerException {
        DerReader outer = DerReader.of(encoded);
        DerReader sequence = outer.next(DerReader.SEQUENCE).inner();
        if (outer.hasMore()) {
            throw new DerReader.DerException("bytes after the name");
        }
        List<List<Attribute>> relativeNames = new ArrayList<>();
        while (sequence.hasMore()) {
            DerReader set = sequence.next(DerReader.SET).inner();
            List<Attribute> attributes = new ArrayList<>();
            while (set.hasMore()) {
                DerReader pair = set.next(DerReader.SEQUENCE).inner();
                String oid = pair.next(DerReader.OBJECT_IDENTIFIER).oid();
                DerReader.Element value = pair.next();
                if (pair.hasMore()) {
                    throw new DerReader.DerException("extra data in an attribute of type " + oid);
                }
                attributes.add(canonical(oid, value.tag(), value.contents()));
            }
            relativeNames.add(attributes);
        }
        return of(relativeNames);
    }

    /** @return the canonical attribute for a value whose bytes are encoded as ASN.1 type {@code tag} */
    static Attribute canonical(String oid, int tag, byte[] contents) throws DerReader.DerException {
        Optional<String> text = text(tag, contents);
        if (text.isEmpty()) {
            return new Attribute(oid, tag, new String(contents, StandardCharsets.ISO_8859_1));
        }
        return new Attribute(oid, UTF8_STRING, canonicalText(text.get().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @return the value as text if {@code tag} is one of the string types OpenSSL folds (UTF8String,
     *         PrintableString, T61String, IA5String, VisibleString, BMPString, UniversalString), else empty
     * @throws DerReader.DerException if the bytes are not valid for their string type
     */
    static Optional<String> text(int tag, byte[] contents) throws DerReader.DerException {
        Charset charset = switch (tag) {
            case UTF8_STRING -> StandardCharsets.UTF_8;
            case PRINTABLE_STRING, T61_STRING, IA5_STRING, VISIBLE_STRING -> StandardCharsets.ISO_8859_1;
            case BMP_STRING -> StandardCharsets.UTF_16BE;
            case UNIVERSAL_STRING -> UTF_32BE;
            default -> null;
        };
        if (charset == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(contents)).toString());
        } catch (CharacterCodingException e) {
            throw new DerReader.DerException("bytes that are not valid text for ASN.1 string tag " + tag);
        }
    }

    /** OpenSSL's folding of one UTF-8 value, on bytes: only ASCII is lowered and only ASCII space counts. */
    static String canonicalText(byte[] utf8) {
        int start = 0;
        int end = utf8.length;
        while (start < end && isSpace(utf8[start])) {
            start++;
        }
        while (end > start && isSpace(utf8[end - 1])) {
            end--;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        int i = start;
        while (i < end) {
            byte b = utf8[i];
            if (isSpace(b)) {
                out.write(' ');
                while (i < end && isSpace(utf8[i])) {
                    i++;
                }
            } else {
                out.write(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
                i++;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
    }

    /** @return how many attributes the name has, over all its relative names */
    int attributeCount() {
        return relativeNames.stream().mapToInt(List::size).sum();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CanonicalName that && relativeNames.equals(that.relativeNames);
    }

    @Override
    public int hashCode() {
        return relativeNames.hashCode();
    }

    @Override
    public String toString() {
        return relativeNames.toString();
    }
}
