package dev.saffron.spice.spi;

/**
 * The video codecs a SPICE server may stream in besides MJPEG, which core always decodes itself. A display
 * channel tells the server it takes one only when an installed {@link VideoDecoderProvider} decodes it.
 */
public enum VideoCodec {
    /** VP8 (WebM). */
    VP8,
    /** H.264 (AVC), Annex B byte stream. */
    H264,
    /** VP9. */
    VP9,
    /** H.265 (HEVC), Annex B byte stream. */
    H265
}
