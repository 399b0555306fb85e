package dev.saffron.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one window of a live collector run measured, the JSON line that {@link LiveCollector} and the C
 * reference collector ({@code bench/src/main/c/reference-collector.c}) print for each warm-up they were given:
 * time to first frame counted from just before connecting, then over a window that starts after the warm-up
 * the frames published at the 16 ms cadence, the pixels they copied, the invalidates and their pixels, the
 * process's CPU time in the window and in all, and its peak resident set at the window's end.
 *
 * @param client            which client measured it
 * @param warmupMs          from the first frame to the window's start, as asked (the window starts at the
 *                          first 16 ms tick after it)
 * @param firstFrameMs      connect to the first invalidate of the primary surface
 * @param windowMs          the measured window's length
 * @param frames            frames published in the window
 * @param publishedPixels   pixels copied out of the surface by those frames
 * @param invalidates       invalidates heard in the window
 * @param invalidatedPixels their pixels, overlaps counted twice
 * @param cpuMs             process CPU time (user + system) in the window
 * @param cpuTotalMs        process CPU time from process start to the end of the window
 * @param peakRssKib        peak resident set size ({@code VmHWM})
 */
record LiveSample(String client, double warmupMs, double firstFrameMs, double windowMs, long frames,
                  long publishedPixels, long invalidates, long invalidatedPixels, double cpuMs, double cpuTotalMs,
                  long peakRssKib) {
    /** No real sample line comes near this; a longer one is not a sample. */
    private static final int MAX_LINE = 4096;

    /** @return published frames per second of the window */
    double framesPerSecond() {
        return frames * 1000.0 / windowMs;
    }

    /** @return invalidates per second of the window */
    double invalidatesPerSecond() {
        return invalidates * 1000.0 / windowMs;
    }

    /** @return CPU milliseconds per published frame; infinite when no frame was published */
    double cpuMsPerFrame() {
        return cpuMs / frames;
    }

    /** @return the sample as one JSON object, the format the collectors print */
    String toJson() {
        return String.format(Locale.ROOT, "{\"client\":\"%s\",\"warmup_ms\":%.3f,\"first_frame_ms\":%.3f,"
                        + "\"window_ms\":%.3f,"
                        + "\"frames\":%d,\"published_pixels\":%d,\"invalidates\":%d,\"invalidated_pixels\":%d,"
                        + "\"cpu_ms\":%.3f,\"cpu_total_ms\":%.3f,\"peak_rss_kib\":%d}",
                client, warmupMs, firstFrameMs, windowMs, frames, publishedPixels, invalidates, invalidatedPixels,
                cpuMs, cpuTotalMs, peakRssKib);
    }

    /**
     * Reads a line a collector printed.
     *
     * @throws IllegalArgumentException if it is not a flat JSON object with every field, of the right kind
     */
    static LiveSample parse(String line) {
        if (line.length() > MAX_LINE) {
            throw new IllegalArgumentException("a sample line of " + line.length() + " characters is too long");
        }
        Map<String, String> members = new FlatObject(line).members();
        return new LiveSample(text(members, "client"), decimal(members, "warmup_ms"),
                decimal(members, "first_frame_ms"),
                decimal(members, "window_ms"), count(members, "frames"), count(members, "published_pixels"),
                count(members, "invalidates"), count(members, "invalidated_pixels"), decimal(members, "cpu_ms"),
                decimal(members, "cpu_total_ms"), count(members, "peak_rss_kib"));
    }

    private static String field(Map<String, String> members, String name) {
        String value = members.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the sample has no " + name);
        }
        return value;
    }

    private static String text(Map<String, String> members, String name) {
        String value = field(members, name);
        if (!value.startsWith("\"")) {
            throw new IllegalArgumentException(name + " is not a string: " + value);
        }
        return value.substring(1);
    }

    private static double decimal(Map<String, String> members, String name) {
        String value = field(members, name);
        try {
            double result = Double.parseDouble(value);
            if (!Double.isFinite(result) || result < 0) {
                throw new IllegalArgumentException(name + " is not a finite non-negative number: " + value);
            }
            return result;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value, e);
        }
    }

    private static long count(Map<String, String> members, String name) {
        String value = field(members, name);
        try {
            long result = Long.parseLong(value);
            if (result < 0) {
                throw new IllegalArgumentException(name + " is negative: " + value);
            }
            return result;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + value, e);
        }
    }

    /**
     * The JSON the collectors print: one object whose values are strings without escapes or numbers. A string
     * value comes back with its opening quote kept, so that it cannot pass for a number.
     */
    private static final class FlatObject {
        private final String text;
        private int position;

        FlatObject(String text) {
            this.text = text.strip();
        }

        Map<String, String> members() {
            Map<String, String> members = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                position++;
            } else {
                do {
                    String name = string();
                    expect(':');
                    String value = peek() == '"' ? "\"" + string() : number();
                    if (members.put(name, value) != null) {
                        throw new IllegalArgumentException("the sample names " + name + " twice");
                    }
                } while (next() == ',');
                position--;
                expect('}');
            }
            if (position != text.length()) {
                throw new IllegalArgumentException("text after the sample's object: " + text.substring(position));
            }
            return members;
        }

        private String string() {
            expect('"');
            int end = text.indexOf('"', position);
            if (end < 0) {
                throw new IllegalArgumentException("an unterminated string in the sample");
            }
            String value = text.substring(position, end);
            if (value.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("an escape in the sample's string " + value);
            }
            position = end + 1;
            return value;
        }

        private String number() {
            int start = position;
            while (position < text.length() && "+-.0123456789eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            if (start == position) {
                throw new IllegalArgumentException("expected a number or a string at " + start + " in " + text);
            }
            return text.substring(start, position);
        }

        private void expect(char wanted) {
            if (next() != wanted) {
                throw new IllegalArgumentException("expected '" + wanted + "' at " + (position - 1) + " in " + text);
            }
        }

        private char peek() {
            if (position >= text.length()) {
                throw new IllegalArgumentException("the sample ends early: " + text);
            }
            return text.charAt(position);
        }

        private char next() {
            char c = peek();
            position++;
            return c;
        }
    }
}
