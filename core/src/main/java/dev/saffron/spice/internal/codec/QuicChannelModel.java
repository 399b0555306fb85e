package dev.saffron.spice.internal.codec;

import java.util.Arrays;

/**
 * One channel's adaptive model: for each context bucket, a counter per Golomb code of the bits that code
 * would have spent on the symbols seen so far, and the code that is currently cheapest. Also keeps the
 * channel's symbol row, whose entries are the contexts of the next pixel and of the row below.
 */
final class QuicChannelModel {
    private static final int MAX_CODES = 8;

    /** Cheapest code per bucket. */
    final int[] bestCode = new int[QuicCodeFamily.MAX_BUCKETS];
    private final int[] counters = new int[QuicCodeFamily.MAX_BUCKETS * MAX_CODES];
    /**
     * The folded symbol coded for each pixel of the row; pixel {@code x} is at {@code x + 1}, and entry 0
     * holds the context of the row's first pixel. Pixels filled by a run keep whatever an earlier row
     * left there: the format relies on those stale entries.
     */
    int[] symbols = new int[1];

    /** Forgets all statistics and makes room for rows of {@code width} pixels. */
    void reset(QuicCodeFamily family, int width) {
        Arrays.fill(counters, 0);
        Arrays.fill(bestCode, family.bitsPerSymbol - 1);
        if (symbols.length < width + 1) {
            symbols = new int[width + 1];
        }
    }

    /** Charges {@code symbol}, seen in context {@code context}, to every code of its bucket. */
    void update(QuicCodeFamily family, int context, int symbol, int halvingThreshold) {
        int bucket = family.bucketOf(context);
        int base = bucket * MAX_CODES;
        int best = family.bitsPerSymbol - 1;
        int bestLength = counters[base + best] += family.codewordLength(best, symbol);
        // Downwards with a strict comparison: on a tie the longer code wins, as in spice-common.
        for (int code = best - 1; code >= 0; code--) {
            int length = counters[base + code] += family.codewordLength(code, symbol);
            if (length < bestLength) {
                best = code;
                bestLength = length;
            }
        }
        bestCode[bucket] = best;
        if (bestLength > halvingThreshold) {
            for (int code = 0; code < family.bitsPerSymbol; code++) {
                counters[base + code] >>>= 1;
            }
        }
    }
}
