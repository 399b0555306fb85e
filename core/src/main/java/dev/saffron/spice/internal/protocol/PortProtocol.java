package dev.saffron.spice.internal.protocol;

/**
 * Message numbers and capabilities of the port channel, declared once: its engine and
 * the tests that speak to it both use these.
 */
public final class PortProtocol {
    public static final int MSG_DATA = 101;
    public static final int MSG_COMPRESSED_DATA = 102;
    public static final int MSG_PORT_INIT = 201;
    public static final int MSG_PORT_EVENT = 202;
    public static final int MSGC_DATA = 101;
    public static final int MSGC_PORT_EVENT = 201;

    private PortProtocol() {
    }
}
