package dev.saffron.smartcard;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** BER-TLV as PIV uses it: tags of one to three bytes, definite lengths of up to three bytes (0x82 LL LL). */
final class BerTlv {
    /**
     * One element found in a buffer.
     *
     * @param tag    the tag, its bytes big-endian in an int ({@code 0x5FC105})
     * @param offset where its value starts in the parsed buffer
     * @param length its value's length
     */
    record Element(int tag, int offset, int length) {
    }

    /** A TLV that runs past its buffer or uses a form PIV does not. */
    static final class MalformedTlvException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedTlvException(String message) {
            super(message, null, false, false);
        }
    }

    private BerTlv() {
    }

    /** @return one TLV: {@code tag}, the length of the values together, then the values */
    static byte[] encode(int tag, byte[]... values) {
        int length = 0;
        for (byte[] value : values) {
            length += value.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 8);
        for (int shift = 16; shift > 0; shift -= 8) {
            if ((tag >>> shift) != 0) {
                out.write(tag >>> shift);
            }
        }
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length <= 0xFF) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length);
        }
        for (byte[] value : values) {
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /** @return {@code values} one after the other */
    static byte[] concat(byte[]... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] value : values) {
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /** @return the elements that exactly fill {@code buffer[from, to)}, in order */
    static List<Element> parse(byte[] buffer, int from, int to) throws MalformedTlvException {
        List<Element> elements = new ArrayList<>();
        int at = from;
        while (at < to) {
            int tag = buffer[at++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                int more = 0;
                do {
                    if (at >= to || ++more > 2) {
                        throw new MalformedTlvException("tag runs past its buffer or beyond three bytes");
                    }
                    tag = tag << 8 | (buffer[at] & 0xFF);
                } while ((buffer[at++] & 0x80) != 0);
            }
            if (at >= to) {
                throw new MalformedTlvException("no length after tag " + Integer.toHexString(tag));
            }
            int length = buffer[at++] & 0xFF;
            if (length >= 0x80) {
                int bytes = length & 0x7F;
                if (bytes == 0 || bytes > 2 || to - at < bytes) {
                    throw new MalformedTlvException("length form 0x" + Integer.toHexString(length));
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | (buffer[at++] & 0xFF);
                }
            }
            if (length > to - at) {
                throw new MalformedTlvException("value of " + length + " bytes where " + (to - at) + " are left");
            }
            elements.add(new Element(tag, at, length));
            at += length;
        }
        return elements;
    }
}
