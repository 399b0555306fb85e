package dev.saffron.spice.internal.codec;

import java.io.ByteArrayOutputStream;

/**
 * A simple LZ encoder for tests, written from the stream format: greedy matching through a hash of three
 * units, with run detection, near (13-bit) and far (16-bit + 8191) distances and extended lengths.
 * It writes what spice-common's encoder could write, not the same bytes.
 */
final class LzTestEncoder {
    private static final int MAX_NEAR = 8191;
    private static final int MAX_DISTANCE = 65535 + MAX_NEAR + 1;

    /** What the last encode emitted, so tests can check which paths they exercised. */
    static final class Stats {
        int literalRuns;
        int matches;
        int runMatches;
        int farMatches;
        int extendedLengths;
        int multiByteLengths;
    }

    private final int maxLiteralRun;
    private final int maxMatch;
    final Stats stats = new Stats();

    /**
     * @param maxLiteralRun longest literal run to emit, 1..32
     * @param maxMatch      longest match to emit
     */
    LzTestEncoder(int maxLiteralRun, int maxMatch) {
        this.maxLiteralRun = maxLiteralRun;
        this.maxMatch = maxMatch;
    }

    LzTestEncoder() {
        this(32, Integer.MAX_VALUE);
    }

    /**
     * Encodes a whole stream with header.
     *
     * @param units for palette types the coded bytes (stride * height), for RGB16 x555 values, for
     *              RGB24/RGB32 0xRRGGBB, for RGBA 0xAARRGGBB, for XXXA/A8 alpha bytes
     */
    byte[] encode(LzImageType type, int width, int height, int stride, boolean topDown, int[] units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU32(out, LzDecoder.MAGIC);
        writeU32(out, LzDecoder.VERSION);
        writeU32(out, type.wireValue());
        writeU32(out, width);
        writeU32(out, height);
        writeU32(out, stride);
        writeU32(out, topDown ? 1 : 0);
        switch (type) {
            case RGB16 -> encodePass(out, units, 2, 2);
            case RGB24, RGB32 -> encodePass(out, mask(units, 0xFFFFFF), 1, 3);
            case RGBA -> {
                encodePass(out, mask(units, 0xFFFFFF), 1, 3);
                int[] alpha = new int[units.length];
                for (int i = 0; i < units.length; i++) {
                    alpha[i] = units[i] >>> 24;
                }
                encodePass(out, alpha, 3, 1);
            }
            default -> encodePass(out, units, 3, 1);
        }
        return out.toByteArray();
    }

    private static int[] mask(int[] units, int mask) {
        int[] out = new int[units.length];
        for (int i = 0; i < units.length; i++) {
            out[i] = units[i] & mask;
        }
        return out;
    }

    /**
     * @param bias         the shortest match the format can code (lengths are stored minus this)
     * @param literalBytes 1 (byte units), 2 (x555 high byte first) or 3 (B, G, R)
     */
    private void encodePass(ByteArrayOutputStream out, int[] units, int bias, int literalBytes) {
        int n = units.length;
        int[] table = new int[1 << 16];
        java.util.Arrays.fill(table, -1);
        int literalStart = 0;
        int pos = 0;
        while (pos < n) {
            int bestLen = 0;
            int bestDist = 0;
            if (pos > 0) {
                int len = matchLength(units, pos - 1, pos);
                if (len >= bias) {
                    bestLen = len;
                    bestDist = 1;
                }
            }
            if (pos + 2 < n) {
                int h = hash(units[pos], units[pos + 1], units[pos + 2]);
                int candidate = table[h];
                table[h] = pos;
                if (candidate >= 0 && pos - candidate <= MAX_DISTANCE) {
                    int len = matchLength(units, candidate, pos);
                    if (len > bestLen && len >= bias) {
                        bestLen = len;
                        bestDist = pos - candidate;
                    }
                }
            }
            if (bestLen >= Math.max(bias, 2)) {
                flushLiterals(out, units, literalStart, pos, literalBytes);
                writeMatch(out, bestLen - bias, bestDist - 1);
                pos += bestLen;
                literalStart = pos;
            } else {
                pos++;
            }
        }
        flushLiterals(out, units, literalStart, n, literalBytes);
    }

    private int matchLength(int[] units, int from, int to) {
        int len = 0;
        int limit = Math.min(units.length - to, maxMatch);
        while (len < limit && units[from + len] == units[to + len]) {
            len++;
        }
        return len;
    }

    private static int hash(int a, int b, int c) {
        int h = a * 0x9E3779B1 ^ Integer.rotateLeft(b * 0x85EBCA6B, 11) ^ Integer.rotateLeft(c * 0xC2B2AE35, 21);
        return (h ^ h >>> 16) & 0xFFFF;
    }

    private void flushLiterals(ByteArrayOutputStream out, int[] units, int from, int to, int literalBytes) {
        while (from < to) {
            int run = Math.min(maxLiteralRun, to - from);
            out.write(run - 1);
            for (int i = from; i < from + run; i++) {
                int v = units[i];
                switch (literalBytes) {
                    case 1 -> out.write(v);
                    case 2 -> {
                        out.write(v >>> 8);
                        out.write(v);
                    }
                    default -> {
                        out.write(v);
                        out.write(v >>> 8);
                        out.write(v >>> 16);
                    }
                }
            }
            from += run;
            stats.literalRuns++;
        }
    }

    /** @param len stored length (actual minus bias); @param ofs stored offset (distance minus 1) */
    private void writeMatch(ByteArrayOutputStream out, int len, int ofs) {
        stats.matches++;
        if (ofs == 0) {
            stats.runMatches++;
        }
        boolean far = ofs >= MAX_NEAR;
        int ctrl = (len < 6 ? len + 1 : 7) << 5 | (far ? 31 : ofs >>> 8);
        out.write(ctrl);
        if (len >= 6) {
            stats.extendedLengths++;
            int rest = len - 6;
            if (rest >= 255) {
                stats.multiByteLengths++;
            }
            while (rest >= 255) {
                out.write(255);
                rest -= 255;
            }
            out.write(rest);
        }
        if (far) {
            stats.farMatches++;
            int f = ofs - MAX_NEAR;
            out.write(255);
            out.write(f >>> 8);
            out.write(f);
        } else {
            out.write(ofs & 0xFF);
        }
    }

    static void writeU32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
