package dev.saffron.spice.internal.protocol;

/**
 * Message numbers and capabilities of the inputs channel (protocol reference §5), declared once: its engine and
 * the tests that speak to it both use these.
 */
public final class InputsProtocol {
    public static final int MSG_INIT = 101;
    public static final int MSG_KEY_MODIFIERS = 102;
    public static final int MSG_MOUSE_MOTION_ACK = 111;

    public static final int MSGC_KEY_DOWN = 101;
    public static final int MSGC_KEY_UP = 102;
    public static final int MSGC_KEY_MODIFIERS = 103;
    public static final int MSGC_KEY_SCANCODE = 104;
    public static final int MSGC_MOUSE_MOTION = 111;
    public static final int MSGC_MOUSE_POSITION = 112;
    public static final int MSGC_MOUSE_PRESS = 113;
    public static final int MSGC_MOUSE_RELEASE = 114;

    /** Server capability: KEY_SCANCODE carries a press and its release in one message. */
    public static final int CAP_KEY_SCANCODE = 0;

    private InputsProtocol() {
    }
}
