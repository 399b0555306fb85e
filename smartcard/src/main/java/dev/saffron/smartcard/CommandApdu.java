package dev.saffron.smartcard;

import java.util.Arrays;

/**
 * A command APDU split into its fields, short or extended form (ISO 7816-4, 5.1).
 *
 * @param cla  the class byte
 * @param ins  the instruction
 * @param p1   the first parameter
 * @param p2   the second parameter
 * @param data the command data (Nc bytes, empty if none)
 * @param ne   the most response data the caller takes: 1 to 65536, or 0 when the command has no Le field
 */
record CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
    /** The longest well-formed command: header, extended Lc (3), 65535 data bytes, extended Le (2). */
    static final int MAX_LENGTH = 4 + 3 + 65535 + 2;

    /** The CLA bit that says more commands of the same chain follow (ISO 7816-4, 5.4.1). */
    static final int CHAINING_BIT = 0x10;

    /** A command that does not parse: the status word to answer with. */
    static final class MalformedApduException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int statusWord;

        MalformedApduException(int statusWord, String message) {
            super(message, null, false, false);
            this.statusWord = statusWord;
        }

        int statusWord() {
            return statusWord;
        }
    }

    /** @return the command's fields; its data is copied, so {@code apdu} may be reused */
    static CommandApdu parse(byte[] apdu) throws MalformedApduException {
        int length = apdu.length;
        if (length < 4 || length > MAX_LENGTH) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "APDU of " + length + " bytes");
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (length == 4) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], 0);
        }
        int b4 = apdu[4] & 0xFF;
        if (length == 5) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], b4 == 0 ? 256 : b4);
        }
        if (b4 != 0) {
            if (length == 5 + b4) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + b4), 0);
            }
            if (length == 6 + b4) {
                int le = apdu[5 + b4] & 0xFF;
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + b4), le == 0 ? 256 : le);
            }
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "short Lc " + b4 + " in " + length + " bytes");
        }
        // A zero byte after the header with more to come starts the extended form.
        if (length < 7) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "extended APDU of " + length + " bytes");
        }
        int field = (apdu[5] & 0xFF) << 8 | (apdu[6] & 0xFF);
        if (length == 7) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], field == 0 ? 65536 : field);
        }
        if (field != 0) {
            if (length == 7 + field) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + field), 0);
            }
            if (length == 9 + field) {
                int le = (apdu[7 + field] & 0xFF) << 8 | (apdu[8 + field] & 0xFF);
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + field),
                        le == 0 ? 65536 : le);
            }
        }
        throw new MalformedApduException(StatusWord.WRONG_LENGTH, "extended Lc " + field + " in " + length + " bytes");
    }

    boolean chained() {
        return (cla & CHAINING_BIT) != 0;
    }
}
