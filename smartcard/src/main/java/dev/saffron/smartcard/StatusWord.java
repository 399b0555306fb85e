package dev.saffron.smartcard;

/** The ISO 7816-4 status words the software card answers with, and the response APDUs that carry them. */
final class StatusWord {
    static final int OK = 0x9000;
    /** More response data waits for GET RESPONSE; the low byte says how much (0 for 256 or more). */
    static final int MORE_DATA = 0x6100;
    /** Wrong PIN; the low nibble is how many tries are left. */
    static final int PIN_TRIES_LEFT = 0x63C0;
    static final int WRONG_LENGTH = 0x6700;
    static final int SECURITY_STATUS_NOT_SATISFIED = 0x6982;
    static final int AUTHENTICATION_BLOCKED = 0x6983;
    static final int CONDITIONS_OF_USE_NOT_SATISFIED = 0x6985;
    static final int INCORRECT_DATA = 0x6A80;
    static final int FILE_NOT_FOUND = 0x6A82;
    static final int INCORRECT_P1_P2 = 0x6A86;
    static final int REFERENCE_NOT_FOUND = 0x6A88;
    static final int INS_NOT_SUPPORTED = 0x6D00;
    static final int CLA_NOT_SUPPORTED = 0x6E00;

    private StatusWord() {
    }

    /** @return a response APDU of just this status word */
    static byte[] only(int statusWord) {
        return new byte[] {(byte) (statusWord >>> 8), (byte) statusWord};
    }

    /** @return {@code data[from, from + length)} followed by the status word */
    static byte[] withData(byte[] data, int from, int length, int statusWord) {
        byte[] response = new byte[length + 2];
        System.arraycopy(data, from, response, 0, length);
        response[length] = (byte) (statusWord >>> 8);
        response[length + 1] = (byte) statusWord;
        return response;
    }
}
