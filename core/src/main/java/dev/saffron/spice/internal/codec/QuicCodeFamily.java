package dev.saffron.spice.internal.codec;

/**
 * The length-limited Golomb-Rice codes QUIC uses for one channel depth (5 or 8 bits), and the context
 * buckets its adaptive model groups symbols into. Immutable and shared.
 *
 * <p>Code {@code l} writes a symbol {@code n} as {@code n >> l} zeros, a one, then the low {@code l} bits
 * of {@code n}. Where that would pass the length limit, the symbol is "escaped" instead: a fixed run of
 * zeros (one longer than any Golomb prefix of that code) followed by {@code n} minus the number of
 * Golomb-coded symbols, in just enough bits for the rest of the alphabet.
 */
final class QuicCodeFamily {
    /** Longest codeword any code may produce, in bits. */
    static final int MAX_CODEWORD_BITS = 26;

    static final QuicCodeFamily FIVE_BITS = new QuicCodeFamily(5);
    static final QuicCodeFamily EIGHT_BITS = new QuicCodeFamily(8);

    /** The most context buckets a channel model needs, at 8 bits per channel. */
    static final int MAX_BUCKETS = 8;

    final int bitsPerSymbol;
    final int symbolMask;
    /** Per code: the number of leading zeros at which a codeword is an escape rather than Golomb. */
    private final int[] escapePrefix;
    /** Per code: how many symbols, counting from 0, are Golomb-coded. */
    private final int[] golombSymbols;
    /** Per code: total length of an escape codeword. */
    private final int[] escapeLength;
    /** Per code: mask for the suffix of an escape codeword. */
    private final int[] escapeSuffixMask;
    /** Codeword length of symbol {@code n} (any byte) under code {@code l}, at {@code l << 8 | n}. */
    private final int[] codewordLength;
    /** Residual for each symbol byte; zero past the alphabet, as in spice-common. */
    private final int[] residual = new int[256];
    /** Which bucket the context symbol {@code n} falls into. */
    private final int[] bucketOfContext;

    private QuicCodeFamily(int bitsPerSymbol) {
        this.bitsPerSymbol = bitsPerSymbol;
        this.symbolMask = (1 << bitsPerSymbol) - 1;
        int symbols = 1 << bitsPerSymbol;
        escapePrefix = new int[bitsPerSymbol];
        golombSymbols = new int[bitsPerSymbol];
        escapeLength = new int[bitsPerSymbol];
        escapeSuffixMask = new int[bitsPerSymbol];
        codewordLength = new int[bitsPerSymbol << 8];
        for (int l = 0; l < bitsPerSymbol; l++) {
            int prefix = Math.min(MAX_CODEWORD_BITS - bitsPerSymbol, (1 << (bitsPerSymbol - l)) - 1);
            int golomb = prefix << l;
            int suffixBits = ceilLog2(symbols - golomb);
            escapePrefix[l] = prefix;
            golombSymbols[l] = golomb;
            escapeLength[l] = prefix + suffixBits;
            escapeSuffixMask[l] = (1 << suffixBits) - 1;
            for (int n = 0; n < 256; n++) {
                codewordLength[l << 8 | n] = n < golomb ? (n >> l) + l + 1 : prefix + suffixBits;
            }
        }
        for (int n = 0; n < symbols; n++) {
            residual[n] = (n & 1) == 0 ? n >>> 1 : symbolMask - (n >>> 1);
        }
        bucketOfContext = new int[symbols];
        int bucket = 0;
        int start = 0;
        while (start < symbols) {
            int size = 1 << bucket;
            int end = start + size - 1;
            // When what is left could not fill another bucket this size, it joins this one.
            if (end + size >= symbols) {
                end = symbols - 1;
            }
            for (int n = start; n <= end; n++) {
                bucketOfContext[n] = bucket;
            }
            start = end + 1;
            bucket++;
        }
    }

    private static int ceilLog2(int value) {
        return value <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(value - 1);
    }

    /** @return the bucket that the previous symbol {@code context}, any byte, selects */
    int bucketOf(int context) {
        return bucketOfContext[context & symbolMask];
    }

    /** @return the length in bits of symbol {@code symbol}, any byte, coded with code {@code code} */
    int codewordLength(int code, int symbol) {
        return codewordLength[code << 8 | symbol];
    }

    /**
     * Decodes the codeword at the top of {@code bits} (the next 32 bits of the stream, first bit highest).
     *
     * <p>In a corrupt stream an escape can name a symbol past the alphabet. It is kept as the byte
     * spice-common keeps, so that even such a stream decodes as the reference decodes it.
     *
     * @return the codeword's length shifted left by 8, or'ed with the symbol (a byte)
     */
    int decode(int code, int bits) {
        int zeros = Integer.numberOfLeadingZeros(bits);
        if (zeros < escapePrefix[code]) {
            int length = zeros + 1 + code;
            int low = (bits >>> (32 - length)) & ((1 << code) - 1);
            return length << 8 | zeros << code | low;
        }
        int length = escapeLength[code];
        int symbol = (golombSymbols[code] + ((bits >>> (32 - length)) & escapeSuffixMask[code])) & 0xFF;
        return length << 8 | symbol;
    }

    /**
     * Maps a folded symbol (any byte) back to a residual modulo the channel depth: even symbols are the
     * non-negative residuals, odd ones the negative residuals.
     */
    int unfold(int symbol) {
        return residual[symbol];
    }
}
