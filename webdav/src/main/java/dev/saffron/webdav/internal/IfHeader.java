package dev.saffron.webdav.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * RFC 4918's If header (10.4), parsed: lists of conditions, each list untagged (about the request's resource)
 * or tagged with a resource. A condition is a state token (a lock token, or {@code DAV:no-lock}, which no
 * resource has) or an entity tag, either possibly negated.
 */
record IfHeader(List<ConditionList> lists) {
    static final int MAX_LENGTH = 8 * 1024;

    record Condition(boolean not, String stateToken, String etag) {
    }

    /** @param tag the resource the list is about; null for the request's resource */
    record ConditionList(String tag, List<Condition> conditions) {
    }

    /** @return the lock tokens the header submits */
    Set<String> tokens() {
        Set<String> tokens = new LinkedHashSet<>();
        for (ConditionList list : lists) {
            for (Condition condition : list.conditions()) {
                if (condition.stateToken() != null && !condition.not()) {
                    tokens.add(condition.stateToken());
                }
            }
        }
        return tokens;
    }

    static IfHeader parse(String text) throws HttpException {
        if (text.length() > MAX_LENGTH) {
            throw new HttpException(400, "an If header longer than " + MAX_LENGTH + " characters");
        }
        List<ConditionList> lists = new ArrayList<>();
        String tag = null;
        int i = 0;
        while (true) {
            i = skipSpace(text, i);
            if (i >= text.length()) {
                break;
            }
            char c = text.charAt(i);
            if (c == '<') {
                int end = text.indexOf('>', i);
                if (end < 0) {
                    throw malformed();
                }
                tag = text.substring(i + 1, end);
                i = end + 1;
            } else if (c == '(') {
                List<Condition> conditions = new ArrayList<>();
                i++;
                while (true) {
                    i = skipSpace(text, i);
                    if (i >= text.length()) {
                        throw malformed();
                    }
                    if (text.charAt(i) == ')') {
                        i++;
                        break;
                    }
                    boolean not = false;
                    if (text.startsWith("Not", i)) {
                        not = true;
                        i = skipSpace(text, i + 3);
                    }
                    if (i >= text.length()) {
                        throw malformed();
                    }
                    char open = text.charAt(i);
                    char closing = open == '<' ? '>' : open == '[' ? ']' : 0;
                    int end = closing == 0 ? -1 : text.indexOf(closing, i + 1);
                    if (end < 0) {
                        throw malformed();
                    }
                    String value = text.substring(i + 1, end);
                    conditions.add(open == '<' ? new Condition(not, value, null) : new Condition(not, null, value));
                    i = end + 1;
                }
                if (conditions.isEmpty()) {
                    throw malformed();
                }
                lists.add(new ConditionList(tag, List.copyOf(conditions)));
            } else {
                throw malformed();
            }
        }
        if (lists.isEmpty()) {
            throw malformed();
        }
        return new IfHeader(List.copyOf(lists));
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static HttpException malformed() {
        return new HttpException(400, "malformed If header");
    }
}
