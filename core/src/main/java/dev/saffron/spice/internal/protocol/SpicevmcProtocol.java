package dev.saffron.spice.internal.protocol;

/**
 * Message numbers and capabilities shared by the spicevmc channels (usbredir, port, webdav), declared once: the
 * usbredir channel's engine and the tests that speak to it both use these.
 */
public final class SpicevmcProtocol {
    public static final int MSG_DATA = 101;
    public static final int MSG_COMPRESSED_DATA = 102;
    public static final int MSGC_DATA = 101;
    public static final int MSGC_COMPRESSED_DATA = 102;

    /** SPICE_SPICEVMC_CAP_DATA_COMPRESS_LZ4: the side that announces it takes LZ4 COMPRESSED_DATA. */
    public static final int CAP_DATA_COMPRESS_LZ4 = 0;

    public static final int COMPRESSION_NONE = 0;
    public static final int COMPRESSION_LZ4 = 1;
    /** Like spice-server and spice-gtk, payloads up to this size go uncompressed: LZ4 would save nothing. */
    public static final int COMPRESS_THRESHOLD = 1000;
    /** Bytes of a COMPRESSED_DATA body before the LZ4 block: {@code u8 type, u32 uncompressed_size}. */
    public static final int COMPRESSED_HEADER_BYTES = 5;

    private SpicevmcProtocol() {
    }
}
