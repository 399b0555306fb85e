package dev.saffron.spice.internal.codec;

import java.util.Arrays;

/**
 * One plain LZ4 block (no frame, no length prefix) as spicevmc channels carry it in COMPRESSED_DATA: the
 * receiver is told the decompressed size beside the block. Decompression reuses the image decoder's block
 * routine, so there is one LZ4 parser; compression is a greedy single-pass matcher with a 4096-entry hash
 * table and LZ4's skipping over data that does not compress, which is what a byte stream of USB packets needs
 * (cheap, and never larger than the worst-case bound).
 */
public final class Lz4Block {
    private static final int MIN_MATCH = 4;
    /** LZ4's rule: the last match starts at least this many bytes before the end of the block. */
    private static final int MATCH_FIND_LIMIT = 12;
    /** LZ4's rule: the last bytes of a block are always literals. */
    private static final int LAST_LITERALS = 5;
    private static final int HASH_BITS = 12;
    private static final int MAX_OFFSET = 65535;
    private static final int RUN_MASK = 15;
    private static final int SKIP_TRIGGER = 6;

    private Lz4Block() {
    }

    /** @return the largest block {@link #compress} makes from {@code length} bytes */
    public static int maxCompressedLength(int length) {
        return length + length / 255 + 16;
    }

    /**
     * Decompresses a block that must produce exactly {@code size} bytes.
     *
     * @throws ImageDecodeException if the block is malformed, reaches outside its output, or produces another size
     */
    public static byte[] decompress(byte[] in, int offset, int length, int size) throws ImageDecodeException {
        if (size <= 0) {
            throw new ImageDecodeException("LZ4: a block of " + size + " decompressed bytes");
        }
        byte[] out = new byte[size];
        int produced = Lz4Decoder.decodeBlock(in, offset, offset + length, out, 0, size);
        if (produced != size) {
            throw new ImageDecodeException("LZ4: the block holds " + produced + " bytes, not the " + size + " announced");
        }
        return out;
    }

    /** @return {@code length} bytes of {@code in} from {@code offset}, as one LZ4 block */
    public static byte[] compress(byte[] in, int offset, int length) {
        byte[] out = new byte[maxCompressedLength(length)];
        int end = offset + length;
        int anchor = offset;
        int op = 0;
        if (length > MATCH_FIND_LIMIT) {
            int[] table = new int[1 << HASH_BITS];
            Arrays.fill(table, -1);
            int matchStartLimit = end - MATCH_FIND_LIMIT;
            int matchEndLimit = end - LAST_LITERALS;
            int ip = offset;
            // As LZ4's own encoder: every 2^SKIP_TRIGGER probes without a match the step grows by one, so data
            // that does not compress (most of a disk's file contents) is crossed in a fraction of the probes.
            int probes = 1 << SKIP_TRIGGER;
            while (ip < matchStartLimit) {
                int sequence = readIntLe(in, ip);
                int slot = (sequence * -1640531535) >>> (32 - HASH_BITS);
                int candidate = table[slot];
                table[slot] = ip;
                if (candidate >= 0 && ip - candidate <= MAX_OFFSET && readIntLe(in, candidate) == sequence) {
                    int matchLength = MIN_MATCH;
                    while (ip + matchLength < matchEndLimit && in[candidate + matchLength] == in[ip + matchLength]) {
                        matchLength++;
                    }
                    op = writeSequence(in, anchor, ip - anchor, out, op, ip - candidate, matchLength);
                    ip += matchLength;
                    anchor = ip;
                    probes = 1 << SKIP_TRIGGER;
                } else {
                    ip += probes++ >>> SKIP_TRIGGER;
                }
            }
        }
        op = writeLiterals(in, anchor, end - anchor, out, op, 0);
        return Arrays.copyOf(out, op);
    }

    private static int writeSequence(byte[] in, int literalStart, int literals, byte[] out, int op, int distance,
            int matchLength) {
        int matchCode = matchLength - MIN_MATCH;
        op = writeLiterals(in, literalStart, literals, out, op, Math.min(matchCode, RUN_MASK));
        out[op++] = (byte) distance;
        out[op++] = (byte) (distance >>> 8);
        if (matchCode >= RUN_MASK) {
            op = writeLengthExtension(out, op, matchCode - RUN_MASK);
        }
        return op;
    }

    /** Writes a token (literal count and the given match nibble), the literal count's extension and the literals. */
    private static int writeLiterals(byte[] in, int start, int literals, byte[] out, int op, int matchNibble) {
        out[op++] = (byte) (Math.min(literals, RUN_MASK) << 4 | matchNibble);
        if (literals >= RUN_MASK) {
            op = writeLengthExtension(out, op, literals - RUN_MASK);
        }
        System.arraycopy(in, start, out, op, literals);
        return op + literals;
    }

    private static int writeLengthExtension(byte[] out, int op, int remaining) {
        while (remaining >= 255) {
            out[op++] = (byte) 255;
            remaining -= 255;
        }
        out[op++] = (byte) remaining;
        return op;
    }

    private static int readIntLe(byte[] in, int at) {
        return (in[at] & 0xFF) | (in[at + 1] & 0xFF) << 8 | (in[at + 2] & 0xFF) << 16 | (in[at + 3] & 0xFF) << 24;
    }
}
