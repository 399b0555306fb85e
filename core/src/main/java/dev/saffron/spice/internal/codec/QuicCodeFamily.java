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
    private static final int MAX_CODEWORD_BITS = 26;

    /** The most context buckets a channel model needs, at 8 bits per channel. */
    static final int MAX_BUCKETS = 8;
    /** The most codes a family has, at 8 bits per channel. */
    static final int MAX_CODES = 8;

    /** Where the residuals start in {@link #decodeTable}, after four shape entries per code. */
    private static final int RESIDUALS = 4 * MAX_CODES;

    static final QuicCodeFamily FIVE_BITS = new QuicCodeFamily(5);
    static final QuicCodeFamily EIGHT_BITS = new QuicCodeFamily(8);

    final int bitsPerSymbol;
    final int symbolMask;
    /**
     * Everything decoding needs, in one array to keep the hot loop's working set small. At
     * {@code 4 * code}: the number of leading zeros at which a codeword is an escape rather than Golomb,
     * how many symbols (from 0) are Golomb-coded, the length of an escape codeword, and the mask for its
     * suffix. At {@link #RESIDUALS} + symbol byte: the residual it stands for, zero past the alphabet as
     * in spice-common.
     */
    private final int[] decodeTable = new int[RESIDUALS + 256];
    /** Codeword length of symbol {@code n} (any byte) under code {@code l}, at {@code l << 8 | n}. */
    private final int[] codewordLength;
    /** Which bucket each context symbol falls into. */
    private final int[] bucketOfContext;
    /** The first context symbol of each bucket, and one past the last bucket's end. */
    private final int[] bucketStart = new int[MAX_BUCKETS + 1];

    private QuicCodeFamily(int bitsPerSymbol) {
        this.bitsPerSymbol = bitsPerSymbol;
        this.symbolMask = (1 << bitsPerSymbol) - 1;
        int symbols = 1 << bitsPerSymbol;
        codewordLength = new int[bitsPerSymbol << 8];
        for (int l = 0; l < bitsPerSymbol; l++) {
            int prefix = Math.min(MAX_CODEWORD_BITS - bitsPerSymbol, (1 << (bitsPerSymbol - l)) - 1);
            int golomb = prefix << l;
            int suffixBits = ceilLog2(symbols - golomb);
            decodeTable[4 * l] = prefix;
            decodeTable[4 * l + 1] = golomb;
            decodeTable[4 * l + 2] = prefix + suffixBits;
            decodeTable[4 * l + 3] = (1 << suffixBits) - 1;
            for (int n = 0; n < 256; n++) {
                codewordLength[l << 8 | n] = n < golomb ? (n >> l) + l + 1 : prefix + suffixBits;
            }
        }
        for (int n = 0; n < symbols; n++) {
            decodeTable[RESIDUALS + n] = (n & 1) == 0 ? n >>> 1 : symbolMask - (n >>> 1);
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
            bucketStart[bucket] = start;
            start = end + 1;
            bucket++;
        }
        bucketStart[bucket] = symbols;
    }

    private static int ceilLog2(int value) {
        return value <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(value - 1);
    }

    /** @return the bucket that the previous symbol {@code context}, any byte, selects */
    int bucketOf(int context) {
        return bucketOfContext[context & symbolMask];
    }

    /** @return the first (masked) context symbol of {@code bucket} */
    int bucketStart(int bucket) {
        return bucketStart[bucket];
    }

    /** @return one past the last (masked) context symbol of {@code bucket} */
    int bucketEnd(int bucket) {
        return bucketStart[bucket + 1];
    }

    /** @return the length in bits of symbol {@code symbol}, any byte, coded with code {@code code} */
    int codewordLength(int code, int symbol) {
        return codewordLength[code << 8 | symbol];
    }

    /**
     * @return code {@code code}'s shape packed in one int, which the decoding loop keeps per context instead of
     *         the code's number, so that a codeword decodes with no table lookup between the context and its
     *         bits: the code in bits 0-3, its Golomb prefix limit in 4-8, its escape codeword length in 9-13,
     *         its first escape symbol in 14-21 and its escape suffix mask in 22-29
     */
    int shape(int code) {
        int[] table = decodeTable;
        return code | table[4 * code] << 4 | table[4 * code + 2] << 9 | table[4 * code + 1] << 14
                | table[4 * code + 3] << 22;
    }

    /**
     * Decodes the codeword at the top of {@code bits} (the next 32 bits of the stream, first bit highest)
     * with the code whose {@link #shape} is {@code shape}, and stores its symbol at {@code symbols[symbolAt]}.
     *
     * <p>In a corrupt stream an escape can name a symbol past the alphabet. It is kept as the byte
     * spice-common keeps, so that even such a stream decodes as the reference decodes it.
     *
     * @return the codeword's length in bits
     */
    static int decode(int shape, int bits, int[] symbols, int symbolAt) {
        int zeros = Integer.numberOfLeadingZeros(bits);
        if (zeros < (shape >>> 4 & 0x1F)) {
            int code = shape & 0xF;
            int length = zeros + 1 + code;
            symbols[symbolAt] = zeros << code | (bits >>> (32 - length)) & ((1 << code) - 1);
            return length;
        }
        int length = shape >>> 9 & 0x1F;
        symbols[symbolAt] = ((shape >>> 14 & 0xFF) + ((bits >>> (32 - length)) & (shape >>> 22 & 0xFF))) & 0xFF;
        return length;
    }

    /**
     * Maps a folded symbol (any byte) back to a residual modulo the channel depth: even symbols are the
     * non-negative residuals, odd ones the negative residuals.
     */
    int unfold(int symbol) {
        return decodeTable[RESIDUALS + symbol];
    }
}
