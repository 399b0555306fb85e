package dev.saffron.spice.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for QMP: splits an object into its members or an array into its elements, each kept
 * as raw JSON text, and decodes string values. The whole input is validated against the JSON grammar
 * (RFC 8259), so a malformed message is rejected rather than half-read; nesting is limited so hostile
 * input cannot exhaust the stack.
 */
final class QmpJson {
    static final int MAX_DEPTH = 64;

    private final String text;
    private int position;

    private QmpJson(String text) {
        this.text = text;
    }

    /**
     * @param json one JSON object, optionally surrounded by whitespace
     * @return its members in order: decoded name to raw JSON value text
     * @throws QmpException if the text is not exactly one valid JSON object, or repeats a name
     */
    static Map<String, String> members(String json) throws QmpException {
        QmpJson parser = new QmpJson(json);
        parser.skipWhitespace();
        parser.expect('{');
        Map<String, String> members = new LinkedHashMap<>();
        parser.skipWhitespace();
        if (!parser.consume('}')) {
            do {
                parser.skipWhitespace();
                String name = parser.string();
                parser.skipWhitespace();
                parser.expect(':');
                String value = parser.rawValue(1);
                if (members.putIfAbsent(name, value) != null) {
                    throw parser.error("member \"" + name + "\" appears twice");
                }
            } while (parser.consume(','));
            parser.expect('}');
        }
        parser.expectEnd();
        return members;
    }

    /**
     * @param json one JSON array, optionally surrounded by whitespace
     * @return its elements in order, as raw JSON text
     * @throws QmpException if the text is not exactly one valid JSON array
     */
    static List<String> elements(String json) throws QmpException {
        QmpJson parser = new QmpJson(json);
        parser.skipWhitespace();
        parser.expect('[');
        List<String> elements = new ArrayList<>();
        parser.skipWhitespace();
        if (!parser.consume(']')) {
            do {
                elements.add(parser.rawValue(1));
            } while (parser.consume(','));
            parser.expect(']');
        }
        parser.expectEnd();
        return elements;
    }

    /**
     * @param json one JSON string literal, optionally surrounded by whitespace
     * @return its decoded value
     * @throws QmpException if the text is not exactly one valid JSON string
     */
    static String string(String json) throws QmpException {
        QmpJson parser = new QmpJson(json);
        parser.skipWhitespace();
        String value = parser.string();
        parser.expectEnd();
        return value;
    }

    /** @return {@code value} as a JSON string literal */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Reads one value surrounded by optional whitespace and returns its text without that whitespace. */
    private String rawValue(int depth) throws QmpException {
        skipWhitespace();
        int start = position;
        skipValue(depth);
        int end = position;
        skipWhitespace();
        return text.substring(start, end);
    }

    private void skipValue(int depth) throws QmpException {
        if (position >= text.length()) {
            throw error("value expected");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{' -> skipObject(depth + 1);
            case '[' -> skipArray(depth + 1);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || isDigit(c)) {
                    number();
                } else {
                    throw error("unexpected character '" + c + "'");
                }
            }
        }
    }

    private void skipObject(int depth) throws QmpException {
        checkDepth(depth);
        expect('{');
        skipWhitespace();
        if (consume('}')) {
            return;
        }
        do {
            skipWhitespace();
            string();
            skipWhitespace();
            expect(':');
            rawValue(depth);
        } while (consume(','));
        expect('}');
    }

    private void skipArray(int depth) throws QmpException {
        checkDepth(depth);
        expect('[');
        skipWhitespace();
        if (consume(']')) {
            return;
        }
        do {
            rawValue(depth);
        } while (consume(','));
        expect(']');
    }

    private void checkDepth(int depth) throws QmpException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String string() throws QmpException {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (position >= text.length()) {
                throw error("unterminated escape");
            }
            char escape = text.charAt(position++);
            switch (escape) {
                case '"', '\\', '/' -> value.append(escape);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> value.append(hexChar());
                default -> throw error("invalid escape \\" + escape);
            }
        }
    }

    private char hexChar() throws QmpException {
        if (text.length() - position < 4) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position++), 16);
            if (digit < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            value = value << 4 | digit;
        }
        return (char) value;
    }

    private void number() throws QmpException {
        consume('-');
        if (consume('0')) {
            if (position < text.length() && isDigit(text.charAt(position))) {
                throw error("leading zero in number");
            }
        } else {
            digits();
        }
        if (consume('.')) {
            digits();
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            digits();
        }
    }

    private void digits() throws QmpException {
        int start = position;
        while (position < text.length() && isDigit(text.charAt(position))) {
            position++;
        }
        if (position == start) {
            throw error("digit expected");
        }
    }

    private void literal(String word) throws QmpException {
        if (!text.startsWith(word, position)) {
            throw error(word + " expected");
        }
        position += word.length();
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private boolean consume(char c) {
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws QmpException {
        if (!consume(c)) {
            throw error("'" + c + "' expected");
        }
    }

    private void expectEnd() throws QmpException {
        skipWhitespace();
        if (position != text.length()) {
            throw error("unexpected text after the value");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private QmpException error(String problem) {
        return new QmpException("malformed JSON at character " + position + ": " + problem);
    }
}
