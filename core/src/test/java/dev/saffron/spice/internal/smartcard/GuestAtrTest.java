package dev.saffron.spice.internal.smartcard;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ATRs as the guest's T=0-only reader is shown them. */
class GuestAtrTest {
    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static String shown(String atr) {
        return HexFormat.of().formatHex(GuestAtr.forT0Reader(hex(atr)));
    }

    @Test
    void aT1OnlyCardKeepsItsSpeedAndHistoricalBytesAndLosesItsProtocolBytes() {
        // vsmartcard's ISO 7816 card: TA1 13, TD1 81 (T=1), TD2 01 (T=1), five historical bytes, TCK 0B.
        assertEquals("3b15138073ff0100", shown("3b 95 13 81 01 80 73 ff 01 00 0b"));
    }

    @Test
    void anAtrThatOffersT0IsShownUnchanged() {
        String[] unchanged = {
            "3b 66 00 ff 56 43 41 52 44 5f",
            "3b d5 18 ff 80 91 fe 1f c3 80 73 c8 21 13 08",
            "3b 88 80 01 00 00 00 00 00 00 00 00 09",
        };
        for (String atr : unchanged) {
            assertArrayEquals(hex(atr), GuestAtr.forT0Reader(hex(atr)), atr);
        }
    }

    @Test
    void anAtrCutShortIsLeftForQemuToJudge() {
        for (String atr : new String[]{"3b", "3b 95 13", "3b 95 13 81", "3b 95 13 81 01 80"}) {
            assertArrayEquals(hex(atr), GuestAtr.forT0Reader(hex(atr)), atr);
        }
    }
}
