package dev.saffron.spice.internal.protocol;

/**
 * Message numbers and capabilities of the main channel, declared once: its engine and
 * the tests that speak to it both use these.
 */
public final class MainProtocol {
    public static final int MSG_MIGRATE_BEGIN = 101;
    public static final int MSG_MIGRATE_CANCEL = 102;
    public static final int MSG_INIT = 103;
    public static final int MSG_CHANNELS_LIST = 104;
    public static final int MSG_MOUSE_MODE = 105;
    public static final int MSG_MULTI_MEDIA_TIME = 106;
    public static final int MSG_AGENT_CONNECTED = 107;
    public static final int MSG_AGENT_DISCONNECTED = 108;
    public static final int MSG_AGENT_DATA = 109;
    public static final int MSG_AGENT_TOKEN = 110;
    public static final int MSG_MIGRATE_SWITCH_HOST = 111;
    public static final int MSG_MIGRATE_END = 112;
    public static final int MSG_NAME = 113;
    public static final int MSG_UUID = 114;
    public static final int MSG_AGENT_CONNECTED_TOKENS = 115;
    public static final int MSG_MIGRATE_BEGIN_SEAMLESS = 116;
    public static final int MSG_MIGRATE_DST_SEAMLESS_ACK = 117;
    public static final int MSG_MIGRATE_DST_SEAMLESS_NACK = 118;

    public static final int MSGC_MIGRATE_CONNECTED = 102;
    public static final int MSGC_MIGRATE_CONNECT_ERROR = 103;
    public static final int MSGC_ATTACH_CHANNELS = 104;
    public static final int MSGC_MOUSE_MODE_REQUEST = 105;
    public static final int MSGC_AGENT_START = 106;
    public static final int MSGC_AGENT_DATA = 107;
    public static final int MSGC_MIGRATE_END = 109;
    public static final int MSGC_MIGRATE_DST_DO_SEAMLESS = 110;
    public static final int MSGC_MIGRATE_CONNECTED_SEAMLESS = 111;

    /** Capability: the client takes MIGRATE_BEGIN / MIGRATE_END (semi-seamless migration). */
    public static final int CAP_SEMI_SEAMLESS_MIGRATE = 0;
    /** Capability: the server may send NAME and UUID. */
    public static final int CAP_NAME_AND_UUID = 1;
    /** Capability: AGENT_CONNECTED_TOKENS replaces AGENT_CONNECTED. */
    public static final int CAP_AGENT_CONNECTED_TOKENS = 2;
    /** Capability: the client takes MIGRATE_BEGIN_SEAMLESS and hands MIGRATE_DATA over (seamless migration). */
    public static final int CAP_SEAMLESS_MIGRATE = 3;

    private MainProtocol() {
    }
}
