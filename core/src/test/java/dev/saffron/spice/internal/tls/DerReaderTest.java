package dev.saffron.spice.internal.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The DER cursor on well-formed and hostile bytes. */
class DerReaderTest {
    private static DerReader reader(String hex) {
        return DerReader.of(HexFormat.of().parseHex(hex));
    }

    @Test
    void readsNestedElementsAndLongLengths() throws Exception {
        DerReader outer = reader("3007" + "0403010203" + "0500");
        DerReader inner = outer.next(DerReader.SEQUENCE).inner();
        assertArrayEquals(new byte[] {1, 2, 3}, inner.next(DerReader.OCTET_STRING).contents());
        assertEquals(0x05, inner.next().tag());
        assertFalse(inner.hasMore());
        assertFalse(outer.hasMore());

        DerReader longForm = reader("04820003aabbcc");
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc}, longForm.next().contents());
    }

    @Test
    void objectIdentifiersBecomeDottedText() throws Exception {
        assertEquals("2.5.4.3", reader("0603550403").next().oid());
        assertEquals("1.2.840.113549.1.9.1", reader("06092a864886f70d010901").next().oid());
        assertEquals("0.9.2342.19200300.100.1.25", reader("060a0992268993f22c640119").next().oid());
        assertEquals("2.999.3", reader("0603883703").next().oid());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "04",           // no length
            "0405010203",   // contents shorter than the length
            "0480",         // indefinite length
            "048400000001", // a four-byte length
            "0482ff",       // a length field cut short
            "1f0100",       // a multi-byte tag
    })
    void malformedElementsAreErrors(String hex) {
        assertThrows(DerReader.DerException.class, () -> reader(hex).next());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "0600",       // empty
            "060180",     // an arc with a leading zero byte
            "06025584",   // ends inside an arc
            "0401aa",     // not an object identifier at all
    })
    void malformedObjectIdentifiersAreErrors(String hex) {
        assertThrows(DerReader.DerException.class, () -> reader(hex).next().oid());
    }

    @Test
    void anExpectedTagMustBeThere() {
        assertThrows(DerReader.DerException.class, () -> reader("0500").next(DerReader.SEQUENCE));
    }
}
