package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/** Hand-made command APDUs and what a host's middleware does with the answers (GET RESPONSE rounds). */
final class Apdus {
    static final byte[] PIV_AID = HexFormat.of().parseHex("A000000308000010000100");

    private Apdus() {
    }

    /** @return a short APDU: header, then Lc and data if any, then Le if {@code le >= 0} (256 as 00) */
    static byte[] shortApdu(int cla, int ins, int p1, int p2, byte[] data, int le) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(cla);
        out.write(ins);
        out.write(p1);
        out.write(p2);
        if (data.length > 0) {
            out.write(data.length);
            out.writeBytes(data);
        }
        if (le >= 0) {
            out.write(le & 0xFF);
        }
        return out.toByteArray();
    }

    static byte[] select() {
        return shortApdu(0x00, 0xA4, 0x04, 0x00, PIV_AID, 0);
    }

    static byte[] getData(int tag) {
        byte[] tagBytes = tag > 0xFFFF ? new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag}
                : new byte[] {(byte) tag};
        return shortApdu(0x00, 0xCB, 0x3F, 0xFF, BerTlv.encode(0x5C, tagBytes), 0);
    }

    static byte[] verify(String pin) {
        byte[] field = new byte[8];
        Arrays.fill(field, (byte) 0xFF);
        System.arraycopy(pin.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, field, 0, pin.length());
        return shortApdu(0x00, 0x20, 0x00, 0x80, field, -1);
    }

    static int sw(byte[] response) {
        return (response[response.length - 2] & 0xFF) << 8 | (response[response.length - 1] & 0xFF);
    }

    static byte[] data(byte[] response) {
        return Arrays.copyOf(response, response.length - 2);
    }

    /**
     * Sends a command, chained in pieces of at most 255 bytes if longer, then fetches the answer with GET
     * RESPONSE while the card says 61xx.
     *
     * @return the whole answer's data and final status word, as one response APDU
     */
    static byte[] exchange(SmartcardReader card, int ins, int p1, int p2, byte[] data) throws SmartcardException {
        int offset = 0;
        while (data.length - offset > 255) {
            byte[] reply = card.transmit(shortApdu(0x10, ins, p1, p2, Arrays.copyOfRange(data, offset, offset + 255), -1));
            assertEquals(0x9000, sw(reply), "chained piece answered " + Integer.toHexString(sw(reply)));
            offset += 255;
        }
        return collect(card, card.transmit(shortApdu(0x00, ins, p1, p2, Arrays.copyOfRange(data, offset, data.length), 0)));
    }

    /** @return {@code first}'s data and every GET RESPONSE's after it, with the last status word */
    static byte[] collect(SmartcardReader card, byte[] first) throws SmartcardException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] reply = first;
        while ((sw(reply) & 0xFF00) == 0x6100) {
            all.writeBytes(data(reply));
            int le = sw(reply) & 0xFF;
            reply = card.transmit(shortApdu(0x00, 0xC0, 0x00, 0x00, new byte[0], le == 0 ? 256 : le));
        }
        all.writeBytes(reply);
        return all.toByteArray();
    }
}
