/**
 * Saffron's SPICE protocol core. Only {@code dev.saffron.spice} is API, and {@code dev.saffron.spice.spi} the
 * services optional modules provide; every other package is internal and may change without notice.
 */
module dev.saffron.core {
    // ImageIO's JPEG reader decodes JPEG images and MJPEG stream frames when no native decoder is installed.
    requires java.desktop;
    // SASL authentication (DIGEST-MD5, PLAIN, ...) uses the JDK's mechanisms.
    requires java.security.sasl;
    // Flight Recorder events (saffron.*): they cost a flag check while no recording is on.
    requires jdk.jfr;

    uses dev.saffron.spice.spi.JpegDecoderProvider;
    uses dev.saffron.spice.spi.VideoDecoderProvider;
    uses dev.saffron.spice.spi.LazyMemoryProvider;
    uses dev.saffron.spice.spi.OpusCodecProvider;

    exports dev.saffron.spice;
    // Optional modules implement these services; saffron-native-bindings provides both.
    exports dev.saffron.spice.spi;
    uses dev.saffron.spice.spi.FileDescriptorAccess;
    uses dev.saffron.spice.spi.UnixSocketAccess;
}
