package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saffron.smartcard.CommandApdu.MalformedApduException;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CommandApduTest {
    @Test
    void shortAndExtendedCasesParse() throws Exception {
        CommandApdu case1 = parse("00A40400");
        assertEquals(0, case1.data().length);
        assertEquals(0, case1.ne());
        assertEquals(256, parse("00C0000000").ne());
        assertEquals(0x10, parse("00C0000010").ne());
        CommandApdu case3 = parse("0020008008313233343536FFFF");
        assertArrayEquals(HexFormat.of().parseHex("313233343536FFFF"), case3.data());
        assertEquals(0, case3.ne());
        CommandApdu case4 = parse("00CB3FFF055C035FC10500");
        assertEquals(5, case4.data().length);
        assertEquals(256, case4.ne());
        assertEquals(65536, parse("00CB3FFF000000").ne());
        assertEquals(0x0102, parse("00CB3FFF000102").ne());
        CommandApdu case3e = parse("10870799000003AABBCC");
        assertEquals(3, case3e.data().length);
        assertEquals(0x10, case3e.cla());
        assertEquals(0x87, case3e.ins());
        assertEquals(0x07, case3e.p1());
        assertEquals(0x99, case3e.p2());
        CommandApdu case4e = parse("00870799000003AABBCC0000");
        assertEquals(3, case4e.data().length);
        assertEquals(65536, case4e.ne());
    }

    @Test
    void inconsistentLengthsAreWrongLength() {
        for (String apdu : new String[] {"", "00", "00A404", "00A4040002AA", "00A4040002AABBCCDD", "00A404000001",
                "00A4040000000301", "00A404000003AABBCC01"}) {
            MalformedApduException e = assertThrows(MalformedApduException.class, () -> parse(apdu), apdu);
            assertEquals(0x6700, e.statusWord(), apdu);
        }
        assertThrows(MalformedApduException.class, () -> CommandApdu.parse(new byte[CommandApdu.MAX_LENGTH + 1]));
    }

    @Test
    void theLongestExtendedCommandParses() throws Exception {
        byte[] apdu = new byte[CommandApdu.MAX_LENGTH];
        apdu[5] = (byte) 0xFF;
        apdu[6] = (byte) 0xFF;
        assertEquals(65535, CommandApdu.parse(apdu).data().length);
    }

    private static CommandApdu parse(String hex) throws MalformedApduException {
        return CommandApdu.parse(HexFormat.of().parseHex(hex));
    }
}
