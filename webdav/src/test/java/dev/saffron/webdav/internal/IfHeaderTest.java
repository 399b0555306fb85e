package dev.saffron.webdav.internal;

import dev.saffron.webdav.internal.IfHeader.Condition;
import dev.saffron.webdav.internal.IfHeader.ConditionList;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RFC 4918 10.4's If header, from the RFC's own shapes. */
class IfHeaderTest {
    @Test
    void untaggedListsWithTokensEtagsAndNot() throws HttpException {
        IfHeader header = IfHeader.parse("(<urn:uuid:a> [\"etag 1\"]) (Not <DAV:no-lock> [W/\"x\"])");
        assertEquals(List.of(
                new ConditionList(null, List.of(new Condition(false, "urn:uuid:a", null),
                        new Condition(false, null, "\"etag 1\""))),
                new ConditionList(null, List.of(new Condition(true, "DAV:no-lock", null),
                        new Condition(false, null, "W/\"x\"")))), header.lists());
        assertEquals(Set.of("urn:uuid:a"), header.tokens(), "a negated token is not submitted");
    }

    @Test
    void aTagAppliesToTheListsAfterIt() throws HttpException {
        IfHeader header = IfHeader.parse("<http://h/a> (<urn:1>) (<urn:2>) <http://h/b> (<urn:3>)");
        assertEquals(List.of("http://h/a", "http://h/a", "http://h/b"),
                header.lists().stream().map(ConditionList::tag).toList());
        assertEquals(Set.of("urn:1", "urn:2", "urn:3"), header.tokens());
    }

    @Test
    void malformedHeadersAreRefusedWith400() {
        for (String bad : List.of("", "()", "(<urn:a>", "(urn:a)", "<http://h/a>", "(Not)", "([\"e\")", "x (<a>)",
                "(" + "<a>".repeat(3000) + ")")) {
            HttpException e = assertThrows(HttpException.class, () -> IfHeader.parse(bad), bad);
            assertEquals(400, e.status(), bad);
        }
    }
}
