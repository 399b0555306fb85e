package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QmpJsonTest {
    @Test
    void splitsAReplyIntoRawMembers() throws Exception {
        Map<String, String> members = QmpJson.members(
                "{\"return\": {\"status\": \"running\", \"running\": true}, \"id\": 7}");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("return", "{\"status\": \"running\", \"running\": true}");
        expected.put("id", "7");
        assertEquals(expected, members);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(members.keySet()));
    }

    @Test
    void keepsEveryKindOfValueVerbatim() throws Exception {
        Map<String, String> members = QmpJson.members(
                " {\"a\":[1, -2.5e+3, 0.25E-1],\"b\" : null ,\"c\":false,\"d\":true,\"e\":\"x\\\"}\",\"f\":{}} ");

        assertEquals("[1, -2.5e+3, 0.25E-1]", members.get("a"));
        assertEquals("null", members.get("b"));
        assertEquals("false", members.get("c"));
        assertEquals("true", members.get("d"));
        assertEquals("\"x\\\"}\"", members.get("e"));
        assertEquals("{}", members.get("f"));
    }

    @Test
    void readsAnEmptyObjectAndArray() throws Exception {
        assertEquals(Map.of(), QmpJson.members("{ }"));
        assertEquals(List.of(), QmpJson.elements(" [ ] "));
    }

    @Test
    void splitsAnArrayIntoRawElements() throws Exception {
        assertEquals(List.of("{\"label\": \"a\"}", "[1]", "\"s\"", "3"),
                QmpJson.elements("[{\"label\": \"a\"}, [1], \"s\" ,3]"));
    }

    @Test
    void decodesEscapesInStrings() throws Exception {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00e9\uD83D\uDE00",
                QmpJson.string("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
    }

    @Test
    void decodesMemberNames() throws Exception {
        assertEquals(Map.of("\u00e9t\u00e9", "1"), QmpJson.members("{\"\\u00e9t\u00e9\": 1}"));
    }

    @Test
    void quoteRoundTrips() throws Exception {
        String tricky = "/tmp/a \"b\"\\c\n\u0001\u001f\u00e9";

        assertEquals(tricky, QmpJson.string(QmpJson.quote(tricky)));
        assertEquals("\"\\u0001\"", QmpJson.quote("\u0001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "[]",
        "\"text\"",
        "{",
        "}",
        "{\"a\"}",
        "{\"a\" 1}",
        "{\"a\": }",
        "{\"a\": 1,}",
        "{,}",
        "{\"a\": 1} x",
        "{\"a\": 1}{}",
        "{a: 1}",
        "{'a': 1}",
        "{\"a\": 01}",
        "{\"a\": -}",
        "{\"a\": 1.}",
        "{\"a\": 1e}",
        "{\"a\": .5}",
        "{\"a\": +1}",
        "{\"a\": tru}",
        "{\"a\": nul}",
        "{\"a\": True}",
        "{\"a\": \"unterminated}",
        "{\"a\": \"bad escape \\x\"}",
        "{\"a\": \"short \\u12\"}",
        "{\"a\": \"not hex \\u12G4\"}",
        "{\"a\": \"ends in escape \\",
        "{\"a\": \"raw\ttab\"}",
        "{\"a\": [1 2]}",
        "{\"a\": [1,]}",
        "{\"a\": {\"b\": 1,}}",
        "{\"a\": 1, \"a\": 2}",
    })
    void rejectsMalformedObjects(String text) {
        assertThrows(QmpException.class, () -> QmpJson.members(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[1,]", "[1] 2", "[", "]"})
    void rejectsMalformedArrays(String text) {
        assertThrows(QmpException.class, () -> QmpJson.elements(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "\"a\" \"b\"", "\"a", "1"})
    void rejectsMalformedStrings(String text) {
        assertThrows(QmpException.class, () -> QmpJson.string(text));
    }

    @Test
    void acceptsNestingUpToTheLimit() throws Exception {
        String value = "[".repeat(QmpJson.MAX_DEPTH - 1) + "]".repeat(QmpJson.MAX_DEPTH - 1);

        assertEquals(value, QmpJson.members("{\"a\": " + value + "}").get("a"));
    }

    @Test
    void rejectsNestingBeyondTheLimitWithoutExhaustingTheStack() {
        String tooDeep = "{\"a\": " + "[".repeat(QmpJson.MAX_DEPTH) + "]".repeat(QmpJson.MAX_DEPTH) + "}";
        String hostile = "{\"a\": " + "[".repeat(1_000_000) + "}";

        assertThrows(QmpException.class, () -> QmpJson.members(tooDeep));
        assertThrows(QmpException.class, () -> QmpJson.members(hostile));
    }
}
