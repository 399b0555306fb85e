package dev.saffron.spice.internal.protocol;

/**
 * Message numbers and capabilities of the cursor channel (protocol reference §6), declared once: its engine and
 * the tests that speak to it both use these.
 */
public final class CursorProtocol {
    public static final int MSG_INIT = 101;
    public static final int MSG_RESET = 102;
    public static final int MSG_SET = 103;
    public static final int MSG_MOVE = 104;
    public static final int MSG_HIDE = 105;
    public static final int MSG_TRAIL = 106;
    public static final int MSG_INVAL_ONE = 107;
    public static final int MSG_INVAL_ALL = 108;

    public static final int FLAG_NONE = 1;
    public static final int FLAG_CACHE_ME = 2;
    public static final int FLAG_FROM_CACHE = 4;

    private CursorProtocol() {
    }
}
