package dev.saffron.webdav.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Properties set by clients (PROPPATCH), held in memory per resource key and following the resource through
 * COPY, MOVE and DELETE. Values are kept as the XML the client sent. Bounded per resource and in total, so a
 * guest cannot grow memory without bound. Thread-safe.
 */
public final class DeadProperties {
    static final int MAX_PER_RESOURCE = 256;
    static final int MAX_VALUE_CHARS = 64 * 1024;
    static final long MAX_TOTAL_CHARS = 16L * 1024 * 1024;

    /** A property's name: its namespace (empty for none) and local name. */
    public record Name(String namespace, String local) {
    }

    private final Map<String, Map<Name, String>> byKey = new LinkedHashMap<>();
    private long totalChars;

    /** @return a copy of the resource's properties, in the order set */
    public synchronized Map<Name, String> of(String key) {
        return new LinkedHashMap<>(byKey.getOrDefault(key, Map.of()));
    }

    /**
     * Applies one PROPPATCH's changes all at once, or none.
     *
     * @param changes each name with its new value, or null to remove it
     * @return false if the result would pass a limit (then nothing changed)
     */
    public synchronized boolean apply(String key, Map<Name, String> changes) {
        Map<Name, String> current = new LinkedHashMap<>(byKey.getOrDefault(key, Map.of()));
        long before = size(current);
        changes.forEach((name, value) -> {
            if (value == null) {
                current.remove(name);
            } else {
                current.put(name, value);
            }
        });
        long after = size(current);
        if (current.size() > MAX_PER_RESOURCE || totalChars - before + after > MAX_TOTAL_CHARS
                || current.values().stream().anyMatch(value -> value.length() > MAX_VALUE_CHARS)) {
            return false;
        }
        totalChars += after - before;
        if (current.isEmpty()) {
            byKey.remove(key);
        } else {
            byKey.put(key, current);
        }
        return true;
    }

    /** Copies the properties of {@code from} (and below it) to {@code to}, replacing what was there. */
    public synchronized void copy(String from, String to) {
        delete(to);
        for (Map.Entry<String, Map<Name, String>> entry : new ArrayList<>(byKey.entrySet())) {
            String key = entry.getKey();
            if (key.equals(from) || Locks.isAncestor(from, key)) {
                Map<Name, String> copy = new LinkedHashMap<>(entry.getValue());
                byKey.put(to + key.substring(from.length()), copy);
                totalChars += size(copy);
            }
        }
    }

    /** Moves the properties of {@code from} (and below it) to {@code to}. */
    public synchronized void move(String from, String to) {
        copy(from, to);
        delete(from);
    }

    /** Drops the properties of {@code key} and below it. */
    public synchronized void delete(String key) {
        List<String> gone = new ArrayList<>();
        for (String each : byKey.keySet()) {
            if (each.equals(key) || Locks.isAncestor(key, each)) {
                gone.add(each);
            }
        }
        for (String each : gone) {
            totalChars -= size(byKey.remove(each));
        }
    }

    private static long size(Map<Name, String> properties) {
        long chars = 0;
        for (Map.Entry<Name, String> entry : properties.entrySet()) {
            chars += entry.getKey().namespace().length() + entry.getKey().local().length() + entry.getValue().length();
        }
        return chars;
    }
}
