package dev.saffron.spice.internal.codec;

import java.util.Arrays;

/**
 * Channels that QUIC codes together and that share one {@link QuicAdaptiveState}: red, green and blue,
 * or alpha alone. For each channel and context bucket it keeps a counter per Golomb code of the bits that
 * code would have spent on the symbols seen so far, and which code is currently cheapest.
 *
 * <p>Arrays are shared by the group's channels, interleaved, so that the decoder's inner loop holds few
 * of them.
 */
final class QuicChannelGroup {
    private static final int CODES = QuicCodeFamily.MAX_CODES;
    private static final int BUCKETS = QuicCodeFamily.MAX_BUCKETS;

    final int channels;
    final QuicAdaptiveState state = new QuicAdaptiveState();
    /**
     * The folded symbol coded for each channel of each pixel of the row: channel {@code c} of pixel
     * {@code x} is at {@code (x + 1) * channels + c}, and the first {@code channels} entries hold the
     * contexts of the row's first pixel. Pixels filled by a run keep whatever an earlier row left there:
     * the format relies on those stale entries.
     */
    int[] symbols = new int[0];
    /**
     * The cheapest code for each channel and context, at {@code c * 256 + (context & symbolMask)}: the
     * bucket's {@link #bestCode}, spread over the bucket's contexts so decoding needs one look-up.
     */
    final int[] codeForContext;
    private final int[] bestCode;
    private final int[] counters;
    private QuicCodeFamily family = QuicCodeFamily.EIGHT_BITS;

    QuicChannelGroup(int channels) {
        this.channels = channels;
        codeForContext = new int[channels * 256];
        bestCode = new int[channels * BUCKETS];
        counters = new int[channels * BUCKETS * CODES];
    }

    /** Starts an image: forgets all statistics and makes room for rows of {@code width} pixels. */
    void reset(QuicCodeFamily family, int width) {
        this.family = family;
        state.reset();
        Arrays.fill(counters, 0);
        Arrays.fill(bestCode, family.bitsPerSymbol - 1);
        Arrays.fill(codeForContext, family.shape(family.bitsPerSymbol - 1));
        int length = (width + 1) * channels;
        if (symbols.length < length) {
            symbols = new int[length];
        }
    }

    /** Prepares the contexts of a row's first pixel: the first symbols of the row above, or 0. */
    void startRow(boolean firstRow) {
        for (int c = 0; c < channels; c++) {
            symbols[c] = firstRow ? 0 : symbols[channels + c];
        }
    }

    /** Charges the symbols of pixel {@code x}, in their contexts, to every code of their buckets. */
    void update(int x) {
        int threshold = state.halvingThreshold();
        for (int c = 0; c < channels; c++) {
            int context = symbols[x * channels + c];
            int symbol = symbols[(x + 1) * channels + c];
            int bucket = family.bucketOf(context);
            int base = (c * BUCKETS + bucket) * CODES;
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
            if (bestCode[c * BUCKETS + bucket] != best) {
                bestCode[c * BUCKETS + bucket] = best;
                Arrays.fill(codeForContext, c * 256 + family.bucketStart(bucket), c * 256 + family.bucketEnd(bucket),
                        family.shape(best));
            }
            if (bestLength > threshold) {
                for (int code = 0; code < family.bitsPerSymbol; code++) {
                    counters[base + code] >>>= 1;
                }
            }
        }
    }
}
