package dev.saffron.spice.internal.display;

/**
 * Pixman's 8-bit compositing arithmetic on premultiplied {@code 0xAARRGGBB} values: the unified-alpha
 * combiners (the mask's alpha scales the source) and the component-alpha ones (each mask channel scales its
 * source channel), with pixman's rounding: {@code x * a / 255} is {@code t = x * a + 128; (t + (t >> 8)) >> 8}
 * and sums saturate at 255 per channel.
 */
final class Combiner {
    private Combiner() {
    }

    /**
     * Combines one row: {@code dest[i] = op(src[i], mask[i], dest[i])}.
     *
     * @param op             the operator
     * @param componentAlpha whether mask channels scale source channels one by one
     * @param dest           destination pixels, replaced by the results
     * @param src            source pixels
     * @param mask           mask pixels, or null for no mask
     * @param count          pixels in the row
     */
    static void combine(CompositeOp op, boolean componentAlpha, int[] dest, int[] src, int[] mask, int count) {
        if (mask == null && op == CompositeOp.OVER) {
            for (int i = 0; i < count; i++) {
                int s = src[i];
                int a = s >>> 24;
                if (a == 0xFF) {
                    dest[i] = s;
                } else if (s != 0) {
                    dest[i] = add(scale(dest[i], 255 - a), s);
                }
            }
            return;
        }
        if (componentAlpha && mask != null) {
            for (int i = 0; i < count; i++) {
                dest[i] = componentAlpha(op, src[i], mask[i], dest[i]);
            }
        } else {
            for (int i = 0; i < count; i++) {
                int s = mask == null ? src[i] : scale(src[i], mask[i] >>> 24);
                dest[i] = unified(op, s, dest[i]);
            }
        }
    }

    private static int unified(CompositeOp op, int s, int d) {
        int sa = s >>> 24;
        int da = d >>> 24;
        return switch (op) {
            case CLEAR -> 0;
            case SRC -> s;
            case DST -> d;
            case OVER -> add(scale(d, 255 - sa), s);
            case OVER_REVERSE -> add(scale(s, 255 - da), d);
            case IN -> scale(s, da);
            case IN_REVERSE -> scale(d, sa);
            case OUT -> scale(s, 255 - da);
            case OUT_REVERSE -> scale(d, 255 - sa);
            case ATOP -> add(scale(s, da), scale(d, 255 - sa));
            case ATOP_REVERSE -> add(scale(s, 255 - da), scale(d, sa));
            case XOR -> add(scale(s, 255 - da), scale(d, 255 - sa));
            case ADD -> add(d, s);
            case MULTIPLY -> add(scaleChannels(d, s), add(scale(s, 255 - da), scale(d, 255 - sa)));
            default -> blend(op, s, d, sa | sa << 8 | sa << 16 | sa << 24, sa);
        };
    }

    private static int componentAlpha(CompositeOp op, int s, int m, int d) {
        int da = d >>> 24;
        return switch (op) {
            case CLEAR -> 0;
            case SRC -> maskValue(s, m);
            case DST -> d;
            case OVER -> add(scaleChannels(d, ~maskAlpha(s, m)), maskValue(s, m));
            case OVER_REVERSE -> add(scale(scaleChannels(s, m), 255 - da), d);
            case IN -> scale(maskValue(s, m), da);
            case IN_REVERSE -> scaleChannels(d, maskAlpha(s, m));
            case OUT -> scale(maskValue(s, m), 255 - da);
            case OUT_REVERSE -> scaleChannels(d, ~maskAlpha(s, m));
            case ATOP -> add(scaleChannels(d, ~maskAlpha(s, m)), scale(maskValue(s, m), da));
            case ATOP_REVERSE -> add(scaleChannels(d, maskAlpha(s, m)), scale(maskValue(s, m), 255 - da));
            case XOR -> add(scaleChannels(d, ~maskAlpha(s, m)), scale(maskValue(s, m), 255 - da));
            case ADD -> add(d, maskValue(s, m));
            case MULTIPLY -> {
                int sm = maskValue(s, m);
                int r = add(scaleChannels(d, ~maskAlpha(s, m)), scale(sm, 255 - da));
                yield add(r, scaleChannels(d, sm));
            }
            default -> {
                int sm = maskValue(s, m);
                yield blend(op, sm, d, maskAlpha(s, m), sm >>> 24);
            }
        };
    }

    /** The source scaled by the mask channel by channel ({@code combine_mask_value_ca}). */
    private static int maskValue(int s, int m) {
        if (m == 0) {
            return 0;
        }
        return m == -1 ? s : scaleChannels(s, m);
    }

    /**
     * The mask scaled by the source alpha ({@code combine_mask_ca}'s mask output): per channel, the fraction
     * of the destination the source covers.
     */
    private static int maskAlpha(int s, int m) {
        if (m == 0) {
            return 0;
        }
        int sa = s >>> 24;
        if (m == -1) {
            return sa | sa << 8 | sa << 16 | sa << 24;
        }
        return scale(m, sa);
    }

    /**
     * The separable PDF blend modes, {@code result = (1 - Sa) D + (1 - Da) S + B(D, Da, S, Sa)} per channel,
     * summed at 16 bits, clamped and divided by 255 with rounding. With component alpha the "source alpha"
     * of each colour channel is the matching channel of the masked alpha.
     */
    private static int blend(CompositeOp op, int s, int d, int sourceAlphas, int alphaForAlpha) {
        int da = d >>> 24;
        int ida = 255 - da;
        long ra = (long) da * 255 + (long) alphaForAlpha * 255 - (long) alphaForAlpha * da;
        int result = (int) divideBy255(clamp(ra)) << 24;
        for (int shift = 0; shift < 24; shift += 8) {
            int dc = d >>> shift & 0xFF;
            int sc = s >>> shift & 0xFF;
            int sa = sourceAlphas >>> shift & 0xFF;
            long channel = (long) (255 - sa) * dc + (long) ida * sc + blendTerm(op, dc, da, sc, sa);
            result |= (int) divideBy255(clamp(channel & 0xFFFFFFFFL)) << shift;
        }
        return result;
    }

    private static int blendTerm(CompositeOp op, int d, int ad, int s, int as) {
        return switch (op) {
            case SCREEN -> s * ad + d * as - s * d;
            case OVERLAY -> 2 * d < ad ? 2 * s * d : as * ad - 2 * (ad - d) * (as - s);
            case DARKEN -> Math.min(ad * s, as * d);
            case LIGHTEN -> Math.max(ad * s, as * d);
            case HARD_LIGHT -> 2 * s < as ? 2 * s * d : as * ad - 2 * (ad - d) * (as - s);
            case DIFFERENCE -> Math.abs(s * ad - d * as);
            case EXCLUSION -> s * ad + d * as - 2 * d * s;
            default -> throw new IllegalStateException("not a blend mode: " + op);
        };
    }

    private static long clamp(long sum) {
        return Math.min(sum, 255 * 255);
    }

    private static long divideBy255(long x) {
        return (x + 128 + ((x + 128) >> 8)) >> 8;
    }

    /** @return {@code x * a / 255} with pixman's rounding */
    static int mul(int x, int a) {
        int t = x * a + 128;
        return (t + (t >> 8)) >> 8;
    }

    /** @return every channel of the pixel times {@code a / 255}, two channels at a time as pixman does */
    static int scale(int pixel, int a) {
        int rb = (pixel & 0xFF00FF) * a + 0x800080;
        rb = (rb + (rb >>> 8 & 0xFF00FF)) >>> 8 & 0xFF00FF;
        int ag = (pixel >>> 8 & 0xFF00FF) * a + 0x800080;
        ag = (ag + (ag >>> 8 & 0xFF00FF)) & 0xFF00FF00;
        return rb | ag;
    }

    /** @return each channel of the pixel times the matching channel of {@code a}, over 255 */
    static int scaleChannels(int pixel, int a) {
        int rb = (pixel & 0xFF) * (a & 0xFF) | (pixel & 0xFF0000) * (a >>> 16 & 0xFF);
        rb += 0x800080;
        rb = (rb + (rb >>> 8 & 0xFF00FF)) >>> 8 & 0xFF00FF;
        int ag = (pixel >>> 8 & 0xFF) * (a >>> 8 & 0xFF) | (pixel >>> 8 & 0xFF0000) * (a >>> 24);
        ag += 0x800080;
        ag = (ag + (ag >>> 8 & 0xFF00FF)) & 0xFF00FF00;
        return rb | ag;
    }

    /** @return the channel-wise sum, saturated at 255 */
    static int add(int x, int y) {
        int rb = (x & 0xFF00FF) + (y & 0xFF00FF);
        rb = (rb | 0x1000100 - (rb >>> 8 & 0xFF00FF)) & 0xFF00FF;
        int ag = (x >>> 8 & 0xFF00FF) + (y >>> 8 & 0xFF00FF);
        ag = (ag | 0x1000100 - (ag >>> 8 & 0xFF00FF)) & 0xFF00FF;
        return rb | ag << 8;
    }
}
