package dev.saffron.spice.spi;

import java.util.Optional;

/**
 * A service that decodes JPEG images and MJPEG frames natively, as spice-gtk does with libjpeg-turbo. Core
 * decodes JPEG with the JDK's ImageIO when no provider is installed or none can open a decompressor.
 */
public interface JpegDecoderProvider {
    /**
     * Opens a decompressor for one thread's use. The caller closes it, which frees its native resources.
     *
     * @return the decompressor, or empty when the native library it needs cannot be loaded here
     */
    Optional<JpegDecompressor> open();
}
