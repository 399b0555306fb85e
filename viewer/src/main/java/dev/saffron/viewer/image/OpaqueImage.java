package dev.saffron.viewer.image;

import java.util.Objects;

/**
 * A picture to write to a file: {@code width * height} pixels row after row, each {@code 0xAARRGGBB} whose
 * alpha byte is ignored, as {@code DisplaySurface.toArgb()} gives them. The array is shared, not copied.
 */
public record OpaqueImage(int[] pixels, int width, int height) {
    /** @throws IllegalArgumentException if the array does not hold exactly {@code width * height} pixels */
    public OpaqueImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 0 || height < 0 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException(width + "x" + height + " image with " + pixels.length + " pixels");
        }
    }
}
