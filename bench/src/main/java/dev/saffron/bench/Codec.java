package dev.saffron.bench;

/** The image codecs benchmarked one by one, each a decoder in core's codec package. */
public enum Codec {
    /** QuicDecoder: QUIC images. */
    QUIC,
    /** LzDecoder: LZ_RGB and LZ_PLT images. */
    LZ,
    /** GlzDecoder with its window: GLZ_RGB and ZLIB_GLZ_RGB images. */
    GLZ,
    /** Lz4Decoder: LZ4 images. */
    LZ4,
    /** BitmapDecoder: uncompressed BITMAP images. */
    BITMAP,
    /**
     * JpegDecoder as a session makes it: JPEG images and MJPEG video frames through libturbojpeg when
     * native-bindings and the library are present, as they are for the bench.
     */
    JPEG,
    /** JpegDecoder with ImageIO, core's fallback without libturbojpeg: the same images as {@link #JPEG}. */
    JPEG_IMAGEIO;

    /** @return the codec whose images this one decodes: itself, except that both JPEG decoders read JPEG's */
    Codec images() {
        return this == JPEG_IMAGEIO ? JPEG : this;
    }
}
