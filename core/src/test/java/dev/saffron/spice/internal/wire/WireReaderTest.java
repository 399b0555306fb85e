package dev.saffron.spice.internal.wire;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.Bytes;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireReaderTest {
    private static WireReader reader(Bytes bytes) {
        return new WireReader(MemorySegment.ofArray(bytes.bytes()), "test message");
    }

    @Test
    void readsLittleEndianFields() throws Exception {
        WireReader reader = reader(new Bytes().u8(0xFE).u16(0xBEEF).u32(0xDEADBEEFL).u64(-2L).u32(-5));
        assertEquals(0xFE, reader.u8());
        assertEquals(0xBEEF, reader.u16());
        assertEquals(0xDEADBEEFL, reader.u32());
        assertEquals(-2L, reader.u64());
        assertEquals(-5, reader.i32());
        assertEquals(0, reader.remaining());
    }

    @Test
    void readingPastTheEndIsAProtocolErrorNamingTheMessage() {
        WireReader reader = reader(new Bytes().u16(1));
        SpiceException e = assertThrows(SpiceException.class, reader::u32);
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("test message"), e.getMessage());
    }

    @Test
    void pointersAreOffsetsFromTheBodyStart() throws Exception {
        WireReader reader = reader(new Bytes().u32(6).u16(0).raw("port\0".getBytes()));
        long pointer = reader.u32();
        assertEquals("port", reader.at(pointer).string(5));
        assertThrows(SpiceException.class, () -> reader.at(12));
        assertThrows(SpiceException.class, () -> reader.at(-1));
    }

    @Test
    void countsAreCheckedAgainstLimitAndRemainingBytes() throws Exception {
        assertEquals(2, reader(new Bytes().u32(2).u16(1).u16(2)).count32(2, 10));
        assertThrows(SpiceException.class, () -> reader(new Bytes().u32(3).u16(1).u16(2)).count32(2, 10));
        assertThrows(SpiceException.class, () -> reader(new Bytes().u32(11).raw(new byte[22])).count32(2, 10));
        assertThrows(SpiceException.class, () -> reader(new Bytes().u32(0xFFFF_FFFFL)).count32(1, Integer.MAX_VALUE));
    }

    @Test
    void stringsStopAtTheFirstNul() throws Exception {
        assertEquals("ab", reader(new Bytes().raw(new byte[]{'a', 'b', 0, 'c'})).string(4));
        assertEquals("abc", reader(new Bytes().raw(new byte[]{'a', 'b', 'c'})).string(3));
    }

    @Test
    void sliceAndRestAreViews() throws Exception {
        WireReader reader = reader(new Bytes().u8(1).u8(2).u8(3).u8(4));
        assertArrayEquals(new byte[]{1, 2}, reader.slice(2).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertArrayEquals(new byte[]{3, 4}, reader.rest().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertThrows(SpiceException.class, () -> reader.slice(1));
    }
}
