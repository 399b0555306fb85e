package dev.saffron.spice.internal.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Writes LZ4 image payloads for tests: the two-byte header, then blocks made by a greedy compressor that,
 * like LZ4's streaming API, lets a block copy from bytes earlier blocks hold. Blocks follow the format's
 * end rules (the last 5 bytes are literals, no match starts in the last 12).
 */
final class Lz4TestWriter {
    private static final int MIN_MATCH = 4;
    private static final int LAST_LITERALS = 5;
    private static final int MATCH_LIMIT = 12;

    /** Matches across block boundaries the last call emitted. */
    int crossBlockMatches;
    int longLiterals;
    int longMatches;

    /**
     * @param data      the packed rows
     * @param blockSize bytes of input per block
     */
    byte[] payload(boolean topDown, int format, byte[] data, int blockSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(topDown ? 1 : 0);
        out.write(format);
        int[] table = new int[1 << 14];
        Arrays.fill(table, -1);
        for (int start = 0; start < data.length; start += blockSize) {
            byte[] block = block(data, start, Math.min(data.length, start + blockSize), table);
            LzTestEncoder.writeU32(out, block.length);
            out.writeBytes(block);
        }
        return out.toByteArray();
    }

    private byte[] block(byte[] data, int start, int end, int[] table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int anchor = start;
        int pos = start;
        while (pos + MATCH_LIMIT <= end) {
            int h = hash(data, pos);
            int candidate = table[h];
            table[h] = pos;
            if (candidate >= 0 && pos - candidate <= 65535 && matches(data, candidate, pos)) {
                int len = MIN_MATCH;
                while (pos + len < end - LAST_LITERALS && data[candidate + len] == data[pos + len]) {
                    len++;
                }
                if (candidate < start) {
                    crossBlockMatches++;
                }
                sequence(out, data, anchor, pos, pos - candidate, len);
                pos += len;
                anchor = pos;
            } else {
                pos++;
            }
        }
        int literals = end - anchor;
        out.write(Math.min(literals, 15) << 4);
        lengthTail(out, literals);
        out.write(data, anchor, literals);
        return out.toByteArray();
    }

    private void sequence(ByteArrayOutputStream out, byte[] data, int anchor, int pos, int offset, int len) {
        int literals = pos - anchor;
        int matchCode = len - MIN_MATCH;
        out.write(Math.min(literals, 15) << 4 | Math.min(matchCode, 15));
        if (literals >= 15) {
            longLiterals++;
        }
        lengthTail(out, literals);
        out.write(data, anchor, literals);
        out.write(offset);
        out.write(offset >>> 8);
        if (matchCode >= 15) {
            longMatches++;
        }
        lengthTail(out, matchCode);
    }

    private static void lengthTail(ByteArrayOutputStream out, int length) {
        if (length < 15) {
            return;
        }
        int rest = length - 15;
        while (rest >= 255) {
            out.write(255);
            rest -= 255;
        }
        out.write(rest);
    }

    private static boolean matches(byte[] data, int a, int b) {
        for (int i = 0; i < MIN_MATCH; i++) {
            if (data[a + i] != data[b + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] data, int pos) {
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16
                | (data[pos + 3] & 0xFF) << 24;
        return (v * 0x9E3779B1) >>> 18;
    }
}
