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
    /** JpegDecoder: JPEG images and MJPEG video frames. */
    JPEG
}
