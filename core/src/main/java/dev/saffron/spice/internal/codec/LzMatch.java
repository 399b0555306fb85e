package dev.saffron.spice.internal.codec;

import java.util.Arrays;

/**
 * What the LZ-family decoders (LZ, GLZ within an image, LZ4) share in a match: a length that continues in
 * extension bytes, and a copy of earlier output checked to lie inside it. What differs stays in each decoder:
 * the control byte's layout, how distances are coded, and the bias added to lengths (LZ: 3 for bytes, 1 for
 * RGB pixels, 2 for RGB16; GLZ: 0, 1 for RGB16, 2 for alpha; LZ4: 4), as well as GLZ's references into
 * earlier images and its alpha pass, which copies only the alpha byte.
 *
 * <p>Two results come back packed in one {@code long}, the input position in the high half and the value in
 * the low half ({@link #position}, {@link #value}), so that the decoding loops keep both in registers.
 */
final class LzMatch {
    /** Below this a plain loop beats the setup cost of {@code System.arraycopy}. */
    private static final int SHORT = 16;
    /** An extension byte of this value means another one follows. */
    private static final int MORE = 255;

    private LzMatch() {
    }

    /**
     * Reads a length's extension bytes: each adds its value to {@code length}, and a 255 means another
     * follows. Reading stops once the length passes {@code max}, which the caller refuses anyway; this bounds
     * the loop whatever the stream holds.
     *
     * @param ip the position of the first extension byte
     * @return the position after the last extension byte and the extended length, packed
     * @throws ImageDecodeException if the stream ends inside the extension
     */
    static long extendLength(byte[] in, int ip, int end, int length, int max, String codec)
            throws ImageDecodeException {
        int code;
        do {
            if (ip >= end) {
                throw new ImageDecodeException(codec + ": stream ends inside a match length");
            }
            code = in[ip++] & 0xFF;
            length += code;
        } while (code == MORE && length <= max);
        return pack(ip, length);
    }

    /** @return an input position and a value packed for return */
    static long pack(int position, int value) {
        return (long) position << 32 | value & 0xFFFF_FFFFL;
    }

    /** @return the input position of a packed result */
    static int position(long packed) {
        return (int) (packed >>> 32);
    }

    /** @return the value of a packed result */
    static int value(long packed) {
        return (int) packed;
    }

    /**
     * Checks that a match of {@code length} units from {@code distance} back, written at {@code op}, reads only
     * output already written and ends within {@code limit}.
     *
     * @throws ImageDecodeException if it does not
     */
    static void checkInside(int op, int distance, int length, int limit, String codec) throws ImageDecodeException {
        if (length > limit - op) {
            throw new ImageDecodeException(codec + ": match of " + length + " at " + op + " passes the end of the "
                    + "output (" + (limit - op) + " left)");
        }
        if (distance < 1 || distance > op) {
            throw new ImageDecodeException(codec + ": match " + distance + " back at " + op
                    + " reaches outside the output");
        }
    }

    /**
     * Copies a match within the output after {@link #checkInside checking} it: front to back, so a source that
     * overlaps the destination repeats its pattern.
     */
    static void copy(int[] out, int op, int distance, int length, int limit, String codec)
            throws ImageDecodeException {
        checkInside(op, distance, length, limit, codec);
        int from = op - distance;
        if (distance == 1) {
            Arrays.fill(out, op, op + length, out[from]);
        } else if (length <= SHORT) {
            for (int i = 0; i < length; i++) {
                out[op + i] = out[from + i];
            }
        } else {
            // Each pass doubles the span of repeated pattern, so a long overlapping copy takes few passes.
            int to = op;
            while (length > 0) {
                int n = Math.min(length, to - from);
                System.arraycopy(out, from, out, to, n);
                to += n;
                length -= n;
            }
        }
    }

    /** {@link #copy(int[], int, int, int, int, String)} for byte units. */
    static void copy(byte[] out, int op, int distance, int length, int limit, String codec)
            throws ImageDecodeException {
        checkInside(op, distance, length, limit, codec);
        int from = op - distance;
        if (distance == 1) {
            Arrays.fill(out, op, op + length, out[from]);
        } else if (length <= SHORT) {
            for (int i = 0; i < length; i++) {
                out[op + i] = out[from + i];
            }
        } else {
            int to = op;
            while (length > 0) {
                int n = Math.min(length, to - from);
                System.arraycopy(out, from, out, to, n);
                to += n;
                length -= n;
            }
        }
    }
}
