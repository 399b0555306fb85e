package dev.saffron.spice.internal.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GLZ encoder for tests, written from the stream format. It keeps its own dictionary of the images it has
 * encoded and matches within the image and against earlier images of the same type, choosing among the
 * format's offset encodings so that every one is exercised. Not the server's bytes, but the server's rules.
 */
final class GlzTestEncoder {
    /** What the last encode emitted. */
    static final class Stats {
        int matches;
        int crossImageMatches;
        int longOffsets;
        int veryLongOffsets;
        final int[] imageDistanceBytes = new int[4];
        int extendedLengths;
    }

    private record Entry(LzImageType type, int[] rgb, int[] alpha) {
    }

    private final Map<Long, Entry> dictionary = new LinkedHashMap<>();
    private final boolean preferLongOffsets;
    final Stats stats = new Stats();

    /** @param preferLongOffsets code short offsets the long way too, to exercise that form */
    GlzTestEncoder(boolean preferLongOffsets) {
        this.preferLongOffsets = preferLongOffsets;
    }

    /**
     * @param units       RGB16: x555; RGB24/RGB32: 0xRRGGBB; RGBA: 0xAARRGGBB, in coded order
     * @param winHeadDist the header field; matches reach only images in [id - winHeadDist, id)
     */
    byte[] encode(LzImageType type, int width, int height, boolean topDown, int[] units, long id,
                  long winHeadDist) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LzTestEncoder.writeU32(out, LzDecoder.MAGIC);
        LzTestEncoder.writeU32(out, LzDecoder.VERSION);
        out.write(type.wireValue() | (topDown ? 0x10 : 0));
        LzTestEncoder.writeU32(out, width);
        LzTestEncoder.writeU32(out, height);
        LzTestEncoder.writeU32(out, (long) width * type.bytesPerPixel());
        LzTestEncoder.writeU32(out, id >>> 32);
        LzTestEncoder.writeU32(out, id);
        LzTestEncoder.writeU32(out, winHeadDist);
        int[] rgb = new int[units.length];
        int[] alpha = new int[units.length];
        for (int i = 0; i < units.length; i++) {
            rgb[i] = type == LzImageType.RGB16 ? units[i] & 0x7FFF : units[i] & 0xFFFFFF;
            alpha[i] = units[i] >>> 24;
        }
        List<Map.Entry<Long, int[]>> refsRgb = new ArrayList<>();
        List<Map.Entry<Long, int[]>> refsAlpha = new ArrayList<>();
        for (Map.Entry<Long, Entry> e : dictionary.entrySet()) {
            long dist = id - e.getKey();
            if (dist > 0 && dist <= winHeadDist && e.getValue().type() == type) {
                refsRgb.add(Map.entry(dist, e.getValue().rgb()));
                refsAlpha.add(Map.entry(dist, e.getValue().alpha()));
            }
        }
        int literalBytes = type == LzImageType.RGB16 ? 2 : 3;
        int bias = type == LzImageType.RGB16 ? 1 : 0;
        encodePass(out, rgb, refsRgb, bias, literalBytes);
        if (type == LzImageType.RGBA) {
            encodePass(out, alpha, refsAlpha, 2, 1);
        }
        dictionary.put(id, new Entry(type, rgb, alpha));
        return out.toByteArray();
    }

    /** Forgets images the decoder's window would have freed too. */
    void forgetBelow(long id) {
        dictionary.keySet().removeIf(k -> k < id);
    }

    private void encodePass(ByteArrayOutputStream out, int[] units, List<Map.Entry<Long, int[]>> refs, int bias,
                            int literalBytes) {
        int minMatch = Math.max(bias + 1, 2);
        Map<Integer, long[]> refTable = new java.util.HashMap<>();
        for (Map.Entry<Long, int[]> ref : refs) {
            int[] r = ref.getValue();
            for (int p = 0; p + 2 < r.length; p++) {
                refTable.putIfAbsent(hash(r[p], r[p + 1], r[p + 2]), new long[] {ref.getKey(), p});
            }
        }
        int[] table = new int[1 << 16];
        Arrays.fill(table, -1);
        int n = units.length;
        int literalStart = 0;
        int pos = 0;
        while (pos < n) {
            int bestLen = 0;
            int bestOfs = 0;
            long bestImage = 0;
            if (pos > 0) {
                bestLen = length(units, pos - 1, units, pos);
                bestOfs = 0;
            }
            if (pos + 2 < n) {
                int h = hash(units[pos], units[pos + 1], units[pos + 2]);
                int candidate = table[h & 0xFFFF];
                table[h & 0xFFFF] = pos;
                if (candidate >= 0 && pos - candidate <= (1 << 25)) {
                    int len = length(units, candidate, units, pos);
                    if (len > bestLen) {
                        bestLen = len;
                        bestOfs = pos - candidate - 1;
                        bestImage = 0;
                    }
                }
                long[] ref = refTable.get(h);
                if (ref != null) {
                    int[] other = refs.stream().filter(e -> e.getKey() == ref[0]).findFirst().orElseThrow().getValue();
                    int len = length(other, (int) ref[1], units, pos);
                    if (len > bestLen || (len >= minMatch && len == bestLen && bestImage == 0)) {
                        bestLen = len;
                        bestOfs = (int) ref[1];
                        bestImage = ref[0];
                    }
                }
            }
            if (bestLen >= minMatch) {
                flushLiterals(out, units, literalStart, pos, literalBytes);
                writeMatch(out, bestLen - bias, bestOfs, bestImage);
                pos += bestLen;
                literalStart = pos;
            } else {
                pos++;
            }
        }
        flushLiterals(out, units, literalStart, n, literalBytes);
    }

    private static int length(int[] from, int fromPos, int[] to, int toPos) {
        int len = 0;
        int limit = Math.min(from.length - fromPos, to.length - toPos);
        while (len < limit && from[fromPos + len] == to[toPos + len]) {
            len++;
        }
        return len;
    }

    private static int hash(int a, int b, int c) {
        int h = a * 0x9E3779B1 ^ Integer.rotateLeft(b * 0x85EBCA6B, 11) ^ Integer.rotateLeft(c * 0xC2B2AE35, 21);
        return h ^ h >>> 16;
    }

    private static void flushLiterals(ByteArrayOutputStream out, int[] units, int from, int to, int literalBytes) {
        while (from < to) {
            int run = Math.min(32, to - from);
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
        }
    }

    /**
     * @param len        stored length (at least 1)
     * @param pixelOfs   distance minus one within the image, or the absolute pixel in the other image
     * @param imageDist  0 within the image, else how many ids back
     */
    private void writeMatch(ByteArrayOutputStream out, int len, int pixelOfs, long imageDist) {
        stats.matches++;
        if (imageDist != 0) {
            stats.crossImageMatches++;
        }
        boolean longOffset = pixelOfs >= (1 << 12) || imageDist >= (1 << 30)
                || (preferLongOffsets && (stats.matches & 1) == 0 && imageDist < (1 << 24));
        out.write((Math.min(len, 7) << 5) | (longOffset ? 0x10 : 0) | (pixelOfs & 0x0F));
        if (len >= 7) {
            stats.extendedLengths++;
            int rest = len - 7;
            while (rest >= 255) {
                out.write(255);
                rest -= 255;
            }
            out.write(rest);
        }
        out.write(pixelOfs >>> 4);
        if (!longOffset) {
            int extra = imageDist < (1 << 6) ? 0 : imageDist < (1 << 14) ? 1 : imageDist < (1 << 22) ? 2 : 3;
            stats.imageDistanceBytes[extra]++;
            out.write(extra << 6 | (int) (imageDist & 0x3F));
            for (int i = 0; i < extra; i++) {
                out.write((int) (imageDist >>> (6 + 8 * i)));
            }
        } else {
            stats.longOffsets++;
            int extra = imageDist == 0 ? 0 : imageDist < (1 << 8) ? 1 : imageDist < (1 << 16) ? 2 : 3;
            stats.imageDistanceBytes[extra]++;
            boolean veryLong = pixelOfs >= (1 << 17);
            if (veryLong) {
                stats.veryLongOffsets++;
            }
            out.write(extra << 6 | (veryLong ? 0x20 : 0) | ((pixelOfs >>> 12) & 0x1F));
            for (int i = 0; i < extra; i++) {
                out.write((int) (imageDist >>> (8 * i)));
            }
            if (veryLong) {
                out.write(pixelOfs >>> 17);
            }
        }
    }
}
