package dev.saffron.spice;

import java.util.Arrays;
import java.util.Objects;

/**
 * A cursor image from the server, converted to 32-bit ARGB with straight (not premultiplied) alpha, rows top
 * down, like spice-gtk's {@code SpiceCursorShape}. Immutable: {@link #argb()} returns a copy.
 *
 * <p>Masked cursors ({@link CursorType#MONO} and the {@code COLOR} types) may ask to invert the screen under
 * some pixels, which ARGB cannot express; those pixels become opaque white with an opaque black outline in the
 * transparent pixels around them, so they stay visible on any background (spice-gtk does the same for
 * monochrome cursors).
 *
 * @param type   how the server encoded the shape
 * @param width  width in pixels (0 for an empty cursor)
 * @param height height in pixels (0 for an empty cursor)
 * @param hotX   column of the pixel that points, from 0 to {@code width}
 * @param hotY   row of the pixel that points, from 0 to {@code height}
 * @param argb   {@code width * height} pixels, {@code 0xAARRGGBB}
 */
public record CursorShape(CursorType type, int width, int height, int hotX, int hotY, int[] argb) {
    /**
     * @throws IllegalArgumentException if a size is negative, the pixel count does not match, or the hot spot
     *                                  lies outside the shape
     */
    public CursorShape {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(argb, "argb");
        if (width < 0 || height < 0 || (long) width * height != argb.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " cursor with " + argb.length + " pixels");
        }
        if (hotX < 0 || hotX > width || hotY < 0 || hotY > height) {
            throw new IllegalArgumentException("hot spot " + hotX + "," + hotY + " outside a " + width + "x" + height
                    + " cursor");
        }
        argb = argb.clone();
    }

    /** @return a copy of the pixels */
    @Override
    public int[] argb() {
        return argb.clone();
    }

    /**
     * @return the ARGB pixel at column {@code x}, row {@code y}
     * @throws IndexOutOfBoundsException if that is outside the shape
     */
    public int pixel(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        return argb[y * width + x];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CursorShape shape && type == shape.type && width == shape.width
                && height == shape.height && hotX == shape.hotX && hotY == shape.hotY
                && Arrays.equals(argb, shape.argb);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, width, height, hotX, hotY, Arrays.hashCode(argb));
    }

    @Override
    public String toString() {
        return "CursorShape[" + type + " " + width + "x" + height + ", hot spot " + hotX + "," + hotY + "]";
    }
}
