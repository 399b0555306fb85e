package dev.saffron.spice.internal.codec;

import java.util.Arrays;

/**
 * Copies an LZ back-reference within its output: {@code len} units from {@code from} to {@code to}, front to
 * back, so a source that overlaps the destination repeats its pattern. Callers have checked the bounds.
 */
final class MatchCopy {
    /** Below this a plain loop beats the setup cost of {@code System.arraycopy}. */
    private static final int SHORT = 16;

    private MatchCopy() {
    }

    static void copy(int[] out, int from, int to, int len) {
        int distance = to - from;
        if (distance == 1) {
            Arrays.fill(out, to, to + len, out[from]);
        } else if (len <= SHORT) {
            for (int i = 0; i < len; i++) {
                out[to + i] = out[from + i];
            }
        } else {
            // Each pass doubles the span of repeated pattern, so a long overlapping copy takes few passes.
            while (len > 0) {
                int n = Math.min(len, to - from);
                System.arraycopy(out, from, out, to, n);
                to += n;
                len -= n;
            }
        }
    }

    static void copy(byte[] out, int from, int to, int len) {
        int distance = to - from;
        if (distance == 1) {
            Arrays.fill(out, to, to + len, out[from]);
        } else if (len <= SHORT) {
            for (int i = 0; i < len; i++) {
                out[to + i] = out[from + i];
            }
        } else {
            while (len > 0) {
                int n = Math.min(len, to - from);
                System.arraycopy(out, from, out, to, n);
                to += n;
                len -= n;
            }
        }
    }
}
