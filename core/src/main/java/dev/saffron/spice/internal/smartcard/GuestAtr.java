package dev.saffron.spice.internal.smartcard;

import java.io.ByteArrayOutputStream;

/**
 * The answer-to-reset the guest is shown for a card. The guest's reader is QEMU's emulated CCID device, which
 * speaks T=0 only: a card whose ATR offers T=1 alone would show up in the guest and then refuse every connect
 * (pcscd: "Protocol T=1 not supported by reader"). Such an ATR is shown with its protocol indications taken
 * out, which by ISO 7816-3 means T=0; its TA1, TB1, TC1 and historical bytes, which name the card to the
 * guest's middleware, are kept. APDUs pass unchanged either way: the emulated reader exchanges whole APDUs.
 */
final class GuestAtr {
    private static final int T0_PROTOCOL = 0;

    private GuestAtr() {
    }

    /** @return {@code atr} itself if it offers T=0 or cannot be read as an ATR, else its T=0 form */
    static byte[] forT0Reader(byte[] atr) {
        if (atr.length < 2) {
            return atr;
        }
        int format = atr[1] & 0xFF;
        int historical = format & 0x0F;
        int indicator = format >> 4;
        int position = 2;
        boolean offersT0 = (indicator & 0x8) == 0;
        byte[] first = new byte[3];
        int firstCount = 0;
        boolean firstGroup = true;
        while (true) {
            for (int bit = 0; bit < 3; bit++) {
                if ((indicator & (1 << bit)) != 0) {
                    if (position >= atr.length) {
                        return atr;
                    }
                    if (firstGroup) {
                        first[firstCount++] = atr[position];
                    }
                    position++;
                }
            }
            if ((indicator & 0x8) == 0) {
                break;
            }
            if (position >= atr.length) {
                return atr;
            }
            int td = atr[position++] & 0xFF;
            offersT0 |= (td & 0x0F) == T0_PROTOCOL;
            indicator = td >> 4;
            firstGroup = false;
        }
        if (offersT0 || position + historical > atr.length) {
            return atr;
        }
        ByteArrayOutputStream shown = new ByteArrayOutputStream(2 + firstCount + historical);
        shown.write(atr[0]);
        shown.write(((format >> 4) & 0x7) << 4 | historical);
        shown.write(first, 0, firstCount);
        shown.write(atr, position, historical);
        return shown.toByteArray();
    }
}
