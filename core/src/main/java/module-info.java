/**
 * Saffron's SPICE protocol core. Only {@code dev.saffron.spice} is API, and {@code dev.saffron.spice.spi} the
 * services optional modules provide; every other package is internal and may change without notice.
 */
// The viewer, named in qualified exports, is built after core, so javac cannot see it here.
@SuppressWarnings("module")
module dev.saffron.core {
    // ImageIO's JPEG reader decodes JPEG images and MJPEG stream frames when no native decoder is installed.
    requires java.desktop;

    uses dev.saffron.spice.spi.JpegDecoderProvider;

    exports dev.saffron.spice;
    exports dev.saffron.spice.spi;
    // The launcher writes screenshots with the codec package's PNG and PPM writers.
    exports dev.saffron.spice.internal.codec to dev.saffron.viewer;
    exports dev.saffron.spice.internal.display to dev.saffron.viewer;
}
