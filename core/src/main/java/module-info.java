/**
 * Saffron's SPICE protocol core. Only {@code dev.saffron.spice} is API; every other package is internal
 * and may change without notice.
 */
module dev.saffron.core {
    // ImageIO's JPEG reader decodes JPEG images and MJPEG stream frames.
    requires java.desktop;

    exports dev.saffron.spice;
}
