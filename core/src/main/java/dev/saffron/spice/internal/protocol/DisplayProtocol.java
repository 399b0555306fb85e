package dev.saffron.spice.internal.protocol;

/**
 * Message numbers and capabilities of the display channel (protocol reference §4), declared once: its engine and
 * the tests that speak to it both use these.
 */
public final class DisplayProtocol {
    public static final int MSG_MODE = 101;
    public static final int MSG_MARK = 102;
    public static final int MSG_RESET = 103;
    public static final int MSG_COPY_BITS = 104;
    public static final int MSG_INVAL_LIST = 105;
    public static final int MSG_INVAL_ALL_PIXMAPS = 106;
    public static final int MSG_INVAL_PALETTE = 107;
    public static final int MSG_INVAL_ALL_PALETTES = 108;
    public static final int MSG_STREAM_CREATE = 122;
    public static final int MSG_STREAM_DATA = 123;
    public static final int MSG_STREAM_CLIP = 124;
    public static final int MSG_STREAM_DESTROY = 125;
    public static final int MSG_STREAM_DESTROY_ALL = 126;
    public static final int MSG_DRAW_FILL = 302;
    public static final int MSG_DRAW_OPAQUE = 303;
    public static final int MSG_DRAW_COPY = 304;
    public static final int MSG_DRAW_BLEND = 305;
    public static final int MSG_DRAW_BLACKNESS = 306;
    public static final int MSG_DRAW_WHITENESS = 307;
    public static final int MSG_DRAW_INVERS = 308;
    public static final int MSG_DRAW_ROP3 = 309;
    public static final int MSG_DRAW_STROKE = 310;
    public static final int MSG_DRAW_TEXT = 311;
    public static final int MSG_DRAW_TRANSPARENT = 312;
    public static final int MSG_DRAW_ALPHA_BLEND = 313;
    public static final int MSG_SURFACE_CREATE = 314;
    public static final int MSG_SURFACE_DESTROY = 315;
    public static final int MSG_STREAM_DATA_SIZED = 316;
    public static final int MSG_MONITORS_CONFIG = 317;
    public static final int MSG_DRAW_COMPOSITE = 318;
    public static final int MSG_STREAM_ACTIVATE_REPORT = 319;
    public static final int MSG_GL_SCANOUT_UNIX = 320;
    public static final int MSG_GL_DRAW = 321;

    public static final int MSGC_INIT = 101;
    public static final int MSGC_STREAM_REPORT = 102;
    public static final int MSGC_PREFERRED_COMPRESSION = 103;
    public static final int MSGC_GL_DRAW_DONE = 104;
    public static final int MSGC_PREFERRED_VIDEO_CODEC_TYPE = 105;

    public static final int CAP_SIZED_STREAM = 0;
    public static final int CAP_MONITORS_CONFIG = 1;
    public static final int CAP_COMPOSITE = 2;
    public static final int CAP_A8_SURFACE = 3;
    public static final int CAP_STREAM_REPORT = 4;
    public static final int CAP_LZ4_COMPRESSION = 5;
    public static final int CAP_PREF_COMPRESSION = 6;
    public static final int CAP_GL_SCANOUT = 7;
    public static final int CAP_MULTI_CODEC = 8;
    public static final int CAP_CODEC_MJPEG = 9;
    public static final int CAP_CODEC_VP8 = 10;
    public static final int CAP_CODEC_H264 = 11;
    public static final int CAP_PREF_VIDEO_CODEC_TYPE = 12;
    public static final int CAP_CODEC_VP9 = 13;
    public static final int CAP_CODEC_H265 = 14;

    public static final int SURFACE_FLAG_PRIMARY = 1;
    /** GL_SCANOUT_UNIX flags: row 0 of the buffer is the top of the picture. */
    public static final int GL_SCANOUT_FLAG_Y0TOP = 1;

    private DisplayProtocol() {
    }
}
