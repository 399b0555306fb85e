package dev.saffron.spice.internal.protocol;

/**
 * Message numbers of the smartcard channel and the VSC (virtual smartcard) messages it carries, declared once:
 * its engine and the tests that speak to it both use these. Each SPICE DATA message holds one VSC message:
 * {@code u32 type, u32 reader_id, u32 length}, then {@code length} bytes, little-endian like all of SPICE.
 */
public final class SmartcardProtocol {
    public static final int MSG_DATA = 101;
    public static final int MSGC_DATA = 101;

    public static final int VSC_INIT = 1;
    public static final int VSC_ERROR = 2;
    public static final int VSC_READER_ADD = 3;
    public static final int VSC_READER_REMOVE = 4;
    public static final int VSC_ATR = 5;
    public static final int VSC_CARD_REMOVE = 6;
    public static final int VSC_APDU = 7;
    public static final int VSC_FLUSH = 8;
    public static final int VSC_FLUSH_COMPLETE = 9;

    public static final int VSC_SUCCESS = 0;
    public static final int VSC_GENERAL_ERROR = 1;
    public static final int VSC_CANNOT_ADD_MORE_READERS = 2;
    public static final int VSC_CARD_ALREADY_INSERTED = 3;

    /** The reader id of a message about no reader yet: a ReaderAdd, or a refusal to add one. */
    public static final long VSC_UNDEFINED_READER_ID = 0xFFFFFFFFL;
    public static final int VSC_HEADER_BYTES = 12;
    /**
     * The largest VSC payload either side sends: an extended-length command APDU (4 header bytes, 3 of Lc,
     * 65535 of data, 2 of Le) or a response of 65536 bytes and the status word, with room to spare.
     */
    public static final int VSC_MAX_PAYLOAD = 65544;

    private SmartcardProtocol() {
    }
}
