package dev.saffron.spice.internal.protocol;

/**
 * Message numbers and capabilities of the main channel, declared once: its engine and
 * the tests that speak to it both use these.
 */
public final class MainProtocol {
    public static final int MSG_INIT = 103;
    public static final int MSG_CHANNELS_LIST = 104;
    public static final int MSG_MOUSE_MODE = 105;
    public static final int MSG_MULTI_MEDIA_TIME = 106;
    public static final int MSG_AGENT_CONNECTED = 107;
    public static final int MSG_AGENT_DISCONNECTED = 108;
    public static final int MSG_AGENT_DATA = 109;
    public static final int MSG_AGENT_TOKEN = 110;
    public static final int MSG_NAME = 113;
    public static final int MSG_UUID = 114;
    public static final int MSG_AGENT_CONNECTED_TOKENS = 115;

    public static final int MSGC_ATTACH_CHANNELS = 104;
    public static final int MSGC_MOUSE_MODE_REQUEST = 105;
    public static final int MSGC_AGENT_START = 106;
    public static final int MSGC_AGENT_DATA = 107;

    /** Capability: the server may send NAME and UUID. */
    public static final int CAP_NAME_AND_UUID = 1;
    /** Capability: AGENT_CONNECTED_TOKENS replaces AGENT_CONNECTED. */
    public static final int CAP_AGENT_CONNECTED_TOKENS = 2;

    private MainProtocol() {
    }
}
