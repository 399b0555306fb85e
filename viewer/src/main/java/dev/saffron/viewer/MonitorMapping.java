package dev.saffron.viewer;

import dev.saffron.gl.MonitorOptions;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * remote-viewer's {@code monitor-mapping}: which host monitor each guest display fills in full screen, written
 * {@code DISPLAY:MONITOR;...} with both counted from 1, such as {@code 1:2;2:1}. Read as remote-viewer reads it:
 * every item a pair of whole numbers from 1, no display or monitor named twice, and the displays numbered
 * without gaps from 1. Whether the host has the monitors named is known only once the window runs, where a
 * mapping naming too many is ignored with a warning, as remote-viewer does.
 */
final class MonitorMapping {
    private MonitorMapping() {
    }

    /**
     * @param value  the list, items separated by {@code ;} (a trailing one is allowed)
     * @param source where it came from, for messages
     * @return guest display → host monitor, both from 0
     * @throws UsageException saying what is wrong with the value
     */
    static Map<Integer, Integer> parse(String value, String source) throws UsageException {
        List<String> items = Arrays.stream(value.split(";", -1)).map(String::strip).toList();
        if (!items.isEmpty() && items.getLast().isEmpty()) {
            items = items.subList(0, items.size() - 1);
        }
        if (items.isEmpty()) {
            throw new UsageException(source + ": monitor-mapping is empty; expected DISPLAY:MONITOR;... like 1:2;2:1");
        }
        Map<Integer, Integer> mapping = new TreeMap<>();
        for (String item : items) {
            String[] pair = item.split(":", -1);
            if (pair.length != 2) {
                throw new UsageException(source + ": monitor-mapping item '" + printable(item)
                        + "' is not DISPLAY:MONITOR (like 1:2)");
            }
            int display = number(pair[0], "display", item, source);
            int monitor = number(pair[1], "monitor", item, source);
            if (display > MonitorOptions.MAX_DISPLAYS) {
                throw new UsageException(source + ": monitor-mapping names guest display " + display
                        + "; a guest has at most " + MonitorOptions.MAX_DISPLAYS);
            }
            if (mapping.containsKey(display - 1) || mapping.containsValue(monitor - 1)) {
                throw new UsageException(source + ": monitor-mapping names display " + display + " or monitor "
                        + monitor + " twice");
            }
            mapping.put(display - 1, monitor - 1);
        }
        int highest = Collections.max(mapping.keySet());
        for (int display = 0; display < highest; display++) {
            if (!mapping.containsKey(display)) {
                throw new UsageException(source + ": monitor-mapping leaves out guest display " + (display + 1)
                        + "; the displays must be numbered from 1 without gaps");
            }
        }
        return Collections.unmodifiableMap(mapping);
    }

    private static int number(String text, String what, String item, String source) throws UsageException {
        String digits = text.strip();
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) < 1) {
            throw new UsageException(source + ": monitor-mapping item '" + printable(item) + "': the " + what
                    + " must be a whole number from 1, not '" + printable(text) + "'");
        }
        return Integer.parseInt(digits);
    }

    /** The value comes from a file: control characters stay out of messages. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(40).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
