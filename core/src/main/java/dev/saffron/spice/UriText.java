package dev.saffron.spice;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text helpers shared by {@link SpiceUri} and {@link HttpProxy}. Error messages name the part of the URI that
 * is wrong, never its text, because a mistyped URI may carry a password anywhere.
 */
final class UriText {
    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;

    /** Enough digits for any port with a few leading zeros, few enough that parsing cannot overflow. */
    private static final int MAX_PORT_DIGITS = 9;

    private UriText() {
    }

    /**
     * Undoes %XX escapes as GLib's {@code g_uri_unescape_string} does: '+' stays '+', a '%' without two hex
     * digits after it is an error, and so is an escaped NUL. The bytes must form UTF-8.
     */
    static String percentDecode(String text, String part) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '%') {
                    end++;
                }
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("invalid %-escape in the " + part + " of the URI");
            }
            int value = high << 4 | low;
            if (value == 0) {
                throw new IllegalArgumentException("the " + part + " of the URI contains an escaped NUL");
            }
            bytes.write(value);
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the %-escapes in the " + part + " of the URI are not UTF-8", e);
        }
    }

    /** Escapes every byte of the UTF-8 form except RFC 3986's unreserved characters, so any parser reads it back. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Reads a decimal TCP port. spice-gtk keeps ports as strings and only rejects a bad one when it connects;
     * rejecting it while parsing reports the mistake where it was made.
     */
    static int parsePort(String text, String part) {
        int value = 0;
        boolean digitsOnly = !text.isEmpty() && text.length() <= MAX_PORT_DIGITS;
        for (int i = 0; digitsOnly && i < text.length(); i++) {
            char c = text.charAt(i);
            digitsOnly = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!digitsOnly || !isValidPort(value)) {
            throw new IllegalArgumentException(
                    "the " + part + " is not a number from " + MIN_PORT + " to " + MAX_PORT);
        }
        return value;
    }

    static boolean isValidPort(int port) {
        return port >= MIN_PORT && port <= MAX_PORT;
    }
}
