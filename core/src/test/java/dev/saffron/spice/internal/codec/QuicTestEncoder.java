package dev.saffron.spice.internal.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The encoding side of QUIC, written for the tests from the format description rather than from the
 * decoder, so that round trips check two readings of the format against each other. Slow and simple.
 *
 * <p>Input pixels are ints: {@code 0xAARRGGBB} for RGB24, RGB32 and RGBA (alpha ignored unless RGBA),
 * {@code x1r5g5b5} in the low 16 bits for RGB16, the low byte for GRAY.
 */
final class QuicTestEncoder {
    private static final int MAGIC = 0x43495551;
    private static final int LENGTH_LIMIT = 26;

    private final int width;
    private final int height;
    private final int bits;
    private final int mask;
    private final int lastBucket;
    /** Channel values, [channel][y * width + x]. */
    private final int[][] planes;
    /** Per channel: folded symbols of the current row, pixel x at x + 1. */
    private final int[][] symbolRows;
    /** Per channel, bucket and code: bits spent so far. */
    private final int[][][] spent;
    private final int[][] cheapest;
    private final BitWriter out = new BitWriter();

    private QuicTestEncoder(QuicImageType type, int width, int height, int[] pixels) {
        this.width = width;
        this.height = height;
        this.bits = type.bitsPerChannel();
        this.mask = (1 << bits) - 1;
        this.lastBucket = bits - 1;
        int channels = type.channels();
        planes = new int[channels][width * height];
        for (int i = 0; i < width * height; i++) {
            int p = pixels[i];
            switch (type) {
                case GRAY -> planes[0][i] = p & 0xFF;
                case RGB16 -> {
                    planes[0][i] = p >> 10 & 0x1F;
                    planes[1][i] = p >> 5 & 0x1F;
                    planes[2][i] = p & 0x1F;
                }
                default -> {
                    planes[0][i] = p >> 16 & 0xFF;
                    planes[1][i] = p >> 8 & 0xFF;
                    planes[2][i] = p & 0xFF;
                    if (channels == 4) {
                        planes[3][i] = p >>> 24;
                    }
                }
            }
        }
        symbolRows = new int[channels][width + 1];
        spent = new int[channels][bits][bits];
        cheapest = new int[channels][bits];
        for (int[] row : cheapest) {
            Arrays.fill(row, bits - 1);
        }
    }

    /** @return the QUIC stream for the image, as spice-common's encoder would write it */
    static byte[] encode(QuicImageType type, int width, int height, int[] pixels) {
        QuicTestEncoder encoder = new QuicTestEncoder(type, width, height, pixels);
        encoder.out.word(MAGIC);
        encoder.out.word(0);
        encoder.out.word(type.wireValue());
        encoder.out.word(width);
        encoder.out.word(height);
        Group color = new Group(type == QuicImageType.GRAY ? new int[] {0} : new int[] {0, 1, 2});
        Group alpha = new Group(new int[] {3});
        for (int y = 0; y < encoder.height; y++) {
            encoder.row(color, y);
            if (type == QuicImageType.RGBA) {
                encoder.row(alpha, y);
            }
        }
        return encoder.out.finish();
    }

    /** Channels coded together, sharing one adaptive state. */
    private static final class Group {
        final int[] channels;
        int waitCount;
        int random = 0xFF;
        int maskIndex;
        int untilWider = 2048;
        int melcState;
        int melcBits;

        Group(int[] channels) {
            this.channels = channels;
        }

        int threshold() {
            return QuicAdaptiveState.HALVING_THRESHOLD[maskIndex];
        }

        int random() {
            random++;
            return QuicAdaptiveState.CHAOS[random & 0xFF];
        }
    }

    private void row(Group g, int y) {
        for (int c : g.channels) {
            symbolRows[c][0] = y == 0 ? 0 : symbolRows[c][1];
        }
        int pos = 0;
        int remaining = width;
        while (g.maskIndex < 6 && g.untilWider <= remaining) {
            if (g.untilWider > 0) {
                segment(g, y, pos, pos + g.untilWider);
                remaining -= g.untilWider;
                pos += g.untilWider;
            }
            g.maskIndex++;
            g.untilWider = 2048;
        }
        if (remaining > 0) {
            segment(g, y, pos, pos + remaining);
            if (g.maskIndex < 6) {
                g.untilWider -= remaining;
            }
        }
    }

    private void segment(Group g, int y, int i, int end) {
        int waitMask = (1 << g.maskIndex) - 1;
        int stop;
        if (i == 0) {
            pixel(g, y, 0);
            if (g.waitCount != 0) {
                g.waitCount--;
            } else {
                g.waitCount = g.random() & waitMask;
                update(g, 0);
            }
            i = 1;
            stop = i + g.waitCount;
        } else {
            stop = i + g.waitCount;
        }
        int runIndex = 0;
        while (true) {
            int runAt = -1;
            while (stop < end) {
                int r = codeUntilRun(g, y, i, stop + 1, runIndex);
                if (r <= stop) {
                    runAt = r;
                    break;
                }
                i = stop + 1;
                update(g, stop);
                stop = i + (g.random() & waitMask);
            }
            if (runAt < 0) {
                int r = codeUntilRun(g, y, i, end, runIndex);
                if (r == end) {
                    g.waitCount = stop - end;
                    return;
                }
                runAt = r;
            }
            i = runAt;
            runIndex = i;
            g.waitCount = stop - i;
            int size = 0;
            while (same(g, y, i, i - 1)) {
                size++;
                if (++i == end) {
                    run(g, size);
                    return;
                }
            }
            run(g, size);
            stop = i + g.waitCount;
        }
    }

    /** Codes pixels from {@code i} until {@code to}; returns where run mode takes over, or {@code to}. */
    private int codeUntilRun(Group g, int y, int i, int to, int runIndex) {
        for (; i < to; i++) {
            if (y > 0 && i > 2 && i != runIndex && sameAbove(g, y, i) && same(g, y, i - 1, i - 2)) {
                return i;
            }
            pixel(g, y, i);
        }
        return to;
    }

    private boolean sameAbove(Group g, int y, int i) {
        return same(g, y - 1, i - 1, i);
    }

    private boolean same(Group g, int y, int x1, int x2) {
        for (int c : g.channels) {
            if (planes[c][y * width + x1] != planes[c][y * width + x2]) {
                return false;
            }
        }
        return true;
    }

    private void pixel(Group g, int y, int x) {
        for (int c : g.channels) {
            int[] plane = planes[c];
            int value = plane[y * width + x];
            int prediction;
            if (y == 0) {
                prediction = x == 0 ? 0 : plane[x - 1];
            } else if (x == 0) {
                prediction = plane[(y - 1) * width];
            } else {
                prediction = (plane[y * width + x - 1] + plane[(y - 1) * width + x]) >> 1;
            }
            int residual = (value - prediction) & mask;
            int symbol = residual <= mask >> 1 ? residual << 1 : ((mask - residual) << 1) + 1;
            symbolRows[c][x + 1] = symbol;
            golomb(symbol, cheapest[c][bucket(symbolRows[c][x])]);
        }
    }

    private int bucket(int context) {
        return Math.min(lastBucket, 31 - Integer.numberOfLeadingZeros(context + 1));
    }

    private int escapePrefix(int code) {
        return Math.min(LENGTH_LIMIT - bits, (1 << (bits - code)) - 1);
    }

    private int codeLength(int symbol, int code) {
        int golombSymbols = escapePrefix(code) << code;
        if (symbol < golombSymbols) {
            return (symbol >> code) + 1 + code;
        }
        int rest = (1 << bits) - golombSymbols;
        return escapePrefix(code) + (32 - Integer.numberOfLeadingZeros(rest - 1));
    }

    private void golomb(int symbol, int code) {
        int golombSymbols = escapePrefix(code) << code;
        if (symbol < golombSymbols) {
            out.bits(0, symbol >> code);
            out.bits(1, 1);
            out.bits(symbol & ((1 << code) - 1), code);
        } else {
            int length = codeLength(symbol, code);
            out.bits(0, escapePrefix(code));
            out.bits(symbol - golombSymbols, length - escapePrefix(code));
        }
    }

    private void update(Group g, int x) {
        for (int c : g.channels) {
            int b = bucket(symbolRows[c][x]);
            int symbol = symbolRows[c][x + 1];
            int[] counters = spent[c][b];
            int best = bits - 1;
            for (int code = bits - 1; code >= 0; code--) {
                counters[code] += codeLength(symbol, code);
                if (counters[code] < counters[best]) {
                    best = code;
                }
            }
            cheapest[c][b] = best;
            if (counters[best] > g.threshold()) {
                for (int code = 0; code < bits; code++) {
                    counters[code] >>= 1;
                }
            }
        }
    }

    private void run(Group g, int length) {
        while (length >= 1 << g.melcBits) {
            out.bits(1, 1);
            length -= 1 << g.melcBits;
            if (g.melcState < 31) {
                g.melcBits = QuicAdaptiveState.RUN_ORDER[++g.melcState];
            }
        }
        out.bits(0, 1);
        out.bits(length, g.melcBits);
        if (g.melcState > 0) {
            g.melcBits = QuicAdaptiveState.RUN_ORDER[--g.melcState];
        }
    }

    /** Packs bits first-highest into little-endian 32-bit words. */
    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int word;
        private int used;

        void bits(int value, int count) {
            for (int k = count - 1; k >= 0; k--) {
                word = word << 1 | (value >>> k & 1);
                if (++used == 32) {
                    flushWord();
                }
            }
        }

        void word(int value) {
            bits(value >>> 16, 16);
            bits(value & 0xFFFF, 16);
        }

        private void flushWord() {
            for (int k = 0; k < 4; k++) {
                bytes.write(word >>> (8 * k));
            }
            word = 0;
            used = 0;
        }

        /** Pads to a word, then adds the zero word spice-common always ends with. */
        byte[] finish() {
            if (used > 0) {
                bits(0, 32 - used);
            }
            word(0);
            return bytes.toByteArray();
        }
    }
}
