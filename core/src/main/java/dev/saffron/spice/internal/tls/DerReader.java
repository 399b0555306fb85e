package dev.saffron.spice.internal.tls;

import java.util.Arrays;

/**
 * A cursor over a run of DER elements (tag, length, contents), just enough to read names and
 * subjectAltName out of certificates the JDK has already parsed. Every length is checked against the bytes
 * that remain before anything is read, so malformed input ends in a {@link DerException}, never an
 * out-of-bounds access. Only single-byte tags are supported; X.509 names need no others.
 */
final class DerReader {
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int OCTET_STRING = 0x04;
    /** Longest OID this reader turns into text; real attribute types are far shorter. */
    private static final int MAX_OID_BYTES = 64;

    private final byte[] data;
    private final int end;
    private int position;

    private DerReader(byte[] data, int start, int end) {
        this.data = data;
        this.position = start;
        this.end = end;
    }

    /** @return a reader over all of {@code data}, which it borrows */
    static DerReader of(byte[] data) {
        return new DerReader(data, 0, data.length);
    }

    /** One element: its tag and where its contents lie in the borrowed array. */
    final class Element {
        private final int tag;
        private final int start;
        private final int length;

        private Element(int tag, int start, int length) {
            this.tag = tag;
            this.start = start;
            this.length = length;
        }

        int tag() {
            return tag;
        }

        /** @return a copy of the contents */
        byte[] contents() {
            return Arrays.copyOfRange(data, start, start + length);
        }

        /** @return a reader over the elements inside this one */
        DerReader inner() {
            return new DerReader(data, start, start + length);
        }

        /** @return the contents read as an OBJECT IDENTIFIER in dotted form */
        String oid() throws DerException {
            if (tag != OBJECT_IDENTIFIER || length == 0 || length > MAX_OID_BYTES) {
                throw new DerException("not an object identifier (tag " + tag + ", " + length + " bytes)");
            }
            StringBuilder text = new StringBuilder();
            long arc = 0;
            boolean first = true;
            for (int i = start; i < start + length; i++) {
                int b = data[i] & 0xFF;
                if (arc == 0 && b == 0x80) {
                    throw new DerException("object identifier arc with a leading zero byte");
                }
                if (arc > (Long.MAX_VALUE >> 7)) {
                    throw new DerException("object identifier arc too large");
                }
                arc = (arc << 7) | (b & 0x7F);
                if ((b & 0x80) != 0) {
                    continue;
                }
                if (first) {
                    int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                    text.append(top).append('.').append(arc - 40L * top);
                    first = false;
                } else {
                    text.append('.').append(arc);
                }
                arc = 0;
            }
            if ((data[start + length - 1] & 0x80) != 0) {
                throw new DerException("object identifier ends inside an arc");
            }
            return text.toString();
        }
    }

    boolean hasMore() {
        return position < end;
    }

    /** @return the next element; the cursor moves past it */
    Element next() throws DerException {
        if (end - position < 2) {
            throw new DerException("element header runs past the end");
        }
        int tag = data[position++] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new DerException("multi-byte tags are not supported");
        }
        int first = data[position++] & 0xFF;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7F;
            if (count == 0 || count > 3) {
                throw new DerException(count == 0 ? "indefinite length is not DER" : "length field too long");
            }
            if (end - position < count) {
                throw new DerException("length field runs past the end");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (data[position++] & 0xFF);
            }
        }
        if (length > end - position) {
            throw new DerException("element of " + length + " bytes with only " + (end - position) + " left");
        }
        Element element = new Element(tag, position, length);
        position += length;
        return element;
    }

    /** @return the next element, which must carry {@code tag} */
    Element next(int tag) throws DerException {
        Element element = next();
        if (element.tag() != tag) {
            throw new DerException("expected tag " + tag + ", found " + element.tag());
        }
        return element;
    }

    /** Malformed DER. */
    static final class DerException extends Exception {
        private static final long serialVersionUID = 1L;

        DerException(String message) {
            super(message);
        }
    }
}
