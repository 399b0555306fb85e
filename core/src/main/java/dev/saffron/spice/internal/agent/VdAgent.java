package dev.saffron.spice.internal.agent;

/** Numbers of the guest agent protocol (spice-protocol's {@code vd_agent.h}). */
public final class VdAgent {
    /** The only protocol version. */
    public static final int PROTOCOL = 1;
    /** protocol, type, opaque and size. */
    public static final int HEADER_SIZE = 20;
    /** The most agent bytes one main-channel AGENT_DATA message may carry. */
    public static final int MAX_DATA_SIZE = 2048;

    public static final int MOUSE_STATE = 1;
    public static final int MONITORS_CONFIG = 2;
    public static final int REPLY = 3;
    public static final int CLIPBOARD = 4;
    public static final int DISPLAY_CONFIG = 5;
    public static final int ANNOUNCE_CAPABILITIES = 6;
    public static final int CLIPBOARD_GRAB = 7;
    public static final int CLIPBOARD_REQUEST = 8;
    public static final int CLIPBOARD_RELEASE = 9;
    public static final int FILE_XFER_START = 10;
    public static final int FILE_XFER_STATUS = 11;
    public static final int FILE_XFER_DATA = 12;
    public static final int CLIENT_DISCONNECTED = 13;
    public static final int MAX_CLIPBOARD = 14;
    public static final int AUDIO_VOLUME_SYNC = 15;
    public static final int GRAPHICS_DEVICE_INFO = 16;

    /** The clipboard type of an agent's empty answer: no contents are coming for the request. */
    public static final int CLIPBOARD_NONE = 0;

    public static final int REPLY_SUCCESS = 1;
    public static final int REPLY_ERROR = 2;

    public static final int XFER_CAN_SEND_DATA = 0;
    public static final int XFER_CANCELLED = 1;
    public static final int XFER_ERROR = 2;
    public static final int XFER_SUCCESS = 3;
    public static final int XFER_NOT_ENOUGH_SPACE = 4;
    public static final int XFER_SESSION_LOCKED = 5;
    public static final int XFER_VDAGENT_NOT_CONNECTED = 6;
    public static final int XFER_DISABLED = 7;
    /** The error type of a detailed ERROR status whose code is a GLib {@code G_IO_ERROR_*}. */
    public static final int XFER_ERROR_GLIB_IO = 0;
    /** GLib's {@code G_IO_ERROR_INVALID_FILENAME}. */
    public static final int G_IO_ERROR_INVALID_FILENAME = 13;

    public static final int MONITORS_FLAG_USE_POS = 1;
    public static final int MONITORS_FLAG_PHYSICAL_SIZE = 2;

    public static final int DISPLAY_FLAG_DISABLE_WALLPAPER = 1;
    public static final int DISPLAY_FLAG_DISABLE_FONT_SMOOTH = 2;
    public static final int DISPLAY_FLAG_DISABLE_ANIMATION = 4;

    private VdAgent() {
    }

    /** @return a message type's name for log text */
    public static String typeName(int type) {
        return switch (type) {
            case MOUSE_STATE -> "MOUSE_STATE";
            case MONITORS_CONFIG -> "MONITORS_CONFIG";
            case REPLY -> "REPLY";
            case CLIPBOARD -> "CLIPBOARD";
            case DISPLAY_CONFIG -> "DISPLAY_CONFIG";
            case ANNOUNCE_CAPABILITIES -> "ANNOUNCE_CAPABILITIES";
            case CLIPBOARD_GRAB -> "CLIPBOARD_GRAB";
            case CLIPBOARD_REQUEST -> "CLIPBOARD_REQUEST";
            case CLIPBOARD_RELEASE -> "CLIPBOARD_RELEASE";
            case FILE_XFER_START -> "FILE_XFER_START";
            case FILE_XFER_STATUS -> "FILE_XFER_STATUS";
            case FILE_XFER_DATA -> "FILE_XFER_DATA";
            case CLIENT_DISCONNECTED -> "CLIENT_DISCONNECTED";
            case MAX_CLIPBOARD -> "MAX_CLIPBOARD";
            case AUDIO_VOLUME_SYNC -> "AUDIO_VOLUME_SYNC";
            case GRAPHICS_DEVICE_INFO -> "GRAPHICS_DEVICE_INFO";
            default -> "type " + Integer.toUnsignedString(type);
        };
    }
}
