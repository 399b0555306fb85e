package dev.saffron.spice.internal.cursor;

import dev.saffron.spice.CursorType;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Turns a cursor's shape data (protocol reference §6) into ARGB pixels. The layouts are those of the QXL guest
 * drivers that produce them: rows top down; the {@code COLOR} types store their pixels, then a palette for the
 * 4- and 8-bit ones, then a one-bit AND mask; {@code MONO} stores an AND mask then an XOR mask; every mask row
 * is padded to whole bytes, most significant bit first. An AND bit of 1 lets the screen through (the pixel is
 * XORed onto it in Windows' terms): transparent over black pixels, inverted over white ones. Inversion is
 * drawn as opaque white with a black outline, see {@link dev.saffron.spice.CursorShape}.
 */
public final class CursorDecoder {
    /**
     * The widest and tallest cursor accepted. spice-gtk sets no limit; guest drivers make cursors of 32 to 256
     * pixels, so this leaves room for high-DPI ones while capping one shape at 1 MiB.
     */
    public static final int MAX_SIDE = 512;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int TRANSPARENT = 0;
    private static final int OPAQUE = 0xFF00_0000;
    private static final int BLACK = OPAQUE;
    private static final int WHITE = 0xFFFF_FFFF;
    private static final int RGB = 0x00FF_FFFF;

    private CursorDecoder() {
    }

    /**
     * @param data the shape data, to the end of the message; bytes after the shape are ignored
     * @param what names the message in error text
     * @return {@code width * height} ARGB pixels
     * @throws SpiceException with {@link SpiceError#PROTOCOL} if the shape is larger than {@link #MAX_SIDE} or the
     *                        data is shorter than the shape needs
     */
    public static int[] decode(CursorType type, int width, int height, MemorySegment data, String what)
            throws SpiceException {
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw malformed(what, "a " + width + "x" + height + " cursor exceeds the limit of " + MAX_SIDE + "x"
                    + MAX_SIDE);
        }
        if (width == 0 || height == 0) {
            return new int[0];
        }
        long needed = dataSize(type, width, height);
        if (data.byteSize() < needed) {
            throw malformed(what, "a " + width + "x" + height + " " + type + " cursor needs " + needed
                    + " bytes, the message has " + data.byteSize());
        }
        return switch (type) {
            case ALPHA -> alpha(width, height, data);
            case MONO -> mono(width, height, data);
            default -> masked(type, width, height, data);
        };
    }

    /** @return the bytes a shape of this type and size occupies */
    static long dataSize(CursorType type, int width, int height) {
        long pixels = (long) width * height;
        long mask = maskStride(width) * (long) height;
        return switch (type) {
            case ALPHA -> 4 * pixels;
            case MONO -> 2 * mask;
            case COLOR4 -> (width + 1) / 2 * (long) height + 16 * 4 + mask;
            case COLOR8 -> pixels + 256 * 4 + mask;
            case COLOR16 -> 2 * pixels + mask;
            case COLOR24 -> 3 * pixels + mask;
            case COLOR32 -> 4 * pixels + mask;
        };
    }

    private static int maskStride(int width) {
        return (width + 7) / 8;
    }

    private static int[] alpha(int width, int height, MemorySegment data) {
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = data.get(U32, 4L * i);
        }
        return argb;
    }

    private static int[] mono(int width, int height, MemorySegment data) {
        int[] argb = new int[width * height];
        boolean[] invert = new boolean[argb.length];
        long stride = maskStride(width);
        long xorPlane = stride * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean and = bit(data, y * stride, x);
                boolean xor = bit(data, xorPlane + y * stride, x);
                int i = y * width + x;
                if (and) {
                    invert[i] = xor;
                    argb[i] = TRANSPARENT;
                } else {
                    argb[i] = xor ? WHITE : BLACK;
                }
            }
        }
        outlineInverted(argb, invert, width, height);
        return argb;
    }

    private static int[] masked(CursorType type, int width, int height, MemorySegment data) {
        int[] argb = new int[width * height];
        boolean[] invert = new boolean[argb.length];
        long pixelBytes = switch (type) {
            case COLOR4 -> (width + 1) / 2 * (long) height;
            case COLOR8 -> (long) width * height;
            case COLOR16 -> 2L * width * height;
            case COLOR24 -> 3L * width * height;
            default -> 4L * width * height;
        };
        long paletteBytes = type == CursorType.COLOR4 ? 16 * 4 : type == CursorType.COLOR8 ? 256 * 4 : 0;
        long maskStart = pixelBytes + paletteBytes;
        long stride = maskStride(width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = colour(type, width, data, pixelBytes, x, y);
                int i = y * width + x;
                if (!bit(data, maskStart + y * stride, x)) {
                    argb[i] = OPAQUE | rgb;
                } else {
                    invert[i] = rgb == RGB;
                    argb[i] = TRANSPARENT;
                }
            }
        }
        outlineInverted(argb, invert, width, height);
        return argb;
    }

    /** @return the 24-bit colour of a {@code COLOR} type's pixel; palettes start at {@code pixelBytes} */
    private static int colour(CursorType type, int width, MemorySegment data, long pixelBytes, int x, int y) {
        long index = (long) y * width + x;
        return switch (type) {
            case COLOR4 -> {
                int packed = Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, (width + 1) / 2 * (long) y + x / 2));
                int entry = (x & 1) == 0 ? packed >>> 4 : packed & 0x0F;
                yield data.get(U32, pixelBytes + 4L * entry) & RGB;
            }
            case COLOR8 -> data.get(U32, pixelBytes + 4L * Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, index)))
                    & RGB;
            case COLOR16 -> {
                int pixel = Short.toUnsignedInt(data.get(U16, 2 * index));
                yield expand5(pixel >>> 10) << 16 | expand5(pixel >>> 5) << 8 | expand5(pixel);
            }
            case COLOR24 -> Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, 3 * index))
                    | Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, 3 * index + 1)) << 8
                    | Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, 3 * index + 2)) << 16;
            default -> data.get(U32, 4 * index) & RGB;
        };
    }

    /** Widens a 5-bit channel to 8 bits so that full intensity stays full (31 becomes 255). */
    private static int expand5(int value) {
        int five = value & 0x1F;
        return five << 3 | five >>> 2;
    }

    private static boolean bit(MemorySegment data, long rowStart, int x) {
        return (data.get(ValueLayout.JAVA_BYTE, rowStart + x / 8) & (0x80 >>> (x & 7))) != 0;
    }

    /** Paints pixels to invert white, and the transparent pixels touching them black. */
    private static void outlineInverted(int[] argb, boolean[] invert, int width, int height) {
        for (int i = 0; i < argb.length; i++) {
            if (invert[i]) {
                argb[i] = WHITE;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!invert[y * width + x]) {
                    continue;
                }
                for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
                    for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
                        if (argb[ny * width + nx] == TRANSPARENT) {
                            argb[ny * width + nx] = BLACK;
                        }
                    }
                }
            }
        }
    }

    private static SpiceException malformed(String what, String detail) {
        return new SpiceException(SpiceError.PROTOCOL, "malformed " + what + ": " + detail);
    }
}
