package dev.saffron.spice.internal.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MigrationDestinationTest {
    /** A DstInfo body laid out as spice-server marshals it: fixed part, [source version], host, subject. */
    static byte[] body(int port, int tlsPort, String host, String subject, Long sourceVersion) {
        byte[] hostBytes = (host + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] subjectBytes = subject == null ? new byte[0] : (subject + "\0").getBytes(StandardCharsets.UTF_8);
        int fixed = 20 + (sourceVersion == null ? 0 : 4);
        ByteBuffer out = ByteBuffer.allocate(fixed + hostBytes.length + subjectBytes.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) port).putShort((short) tlsPort)
                .putInt(hostBytes.length).putInt(fixed)
                .putInt(subjectBytes.length).putInt(subject == null ? 0 : fixed + hostBytes.length);
        if (sourceVersion != null) {
            out.putInt(sourceVersion.intValue());
        }
        return out.put(hostBytes).put(subjectBytes).array();
    }

    private static MigrationDestination parse(byte[] body, boolean seamless) throws SpiceException {
        return MigrationDestination.parse(MemorySegment.ofArray(body), seamless, "main MIGRATE_BEGIN");
    }

    @Test
    void readsASemiSeamlessDestination() throws SpiceException {
        MigrationDestination d = parse(body(5931, 0, "127.0.0.1", null, null), false);
        assertEquals(new MigrationDestination("127.0.0.1", OptionalInt.of(5931), OptionalInt.empty(),
                Optional.empty(), false, 0), d);
    }

    @Test
    void readsASeamlessDestinationWithSubjectAndVersion() throws SpiceException {
        MigrationDestination d = parse(body(0, 5932, "dst.example", "C=XX,CN=dst", 2L), true);
        assertEquals(new MigrationDestination("dst.example", OptionalInt.empty(), OptionalInt.of(5932),
                Optional.of("C=XX,CN=dst"), true, 2), d);
    }

    @Test
    void anEmptySubjectCountsAsNone() throws SpiceException {
        assertEquals(Optional.empty(), parse(body(1, 0, "h", "", null), false).certSubject());
    }

    @Test
    void stringsAreReadAtTheirOffsetsNotAfterTheFixedPart() throws SpiceException {
        byte[] body = body(1, 0, "abc", null, null);
        ByteBuffer moved = ByteBuffer.allocate(body.length + 8).order(ByteOrder.LITTLE_ENDIAN)
                .put(body, 0, 20).put(new byte[8]).put(body, 20, body.length - 20);
        moved.putInt(8, 28);
        assertEquals("abc", parse(moved.array(), false).host());
    }

    @Test
    void badBodiesAreProtocolErrors() {
        byte[] good = body(5931, 0, "host", null, null);
        byte[] offsetOutside = good.clone();
        ByteBuffer.wrap(offsetOutside).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 4096);
        byte[] sizeZero = good.clone();
        ByteBuffer.wrap(sizeZero).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0);
        byte[] sizeHuge = good.clone();
        ByteBuffer.wrap(sizeHuge).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1);
        byte[] sizePastEnd = good.clone();
        ByteBuffer.wrap(sizePastEnd).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 900);
        byte[] emptyHost = body(1, 0, "", null, null);
        byte[] subjectHuge = body(1, 0, "h", "s", null);
        ByteBuffer.wrap(subjectHuge).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 1 << 20);
        for (byte[] bad : new byte[][]{new byte[19], offsetOutside, sizeZero, sizeHuge, sizePastEnd, emptyHost,
                subjectHuge}) {
            SpiceException e = assertThrows(SpiceException.class, () -> parse(bad, false));
            assertEquals(SpiceError.PROTOCOL, e.error(), e.getMessage());
        }
        // The seamless form needs its source version after the fixed part.
        assertEquals(SpiceError.PROTOCOL, assertThrows(SpiceException.class,
                () -> parse(new byte[20], true)).error());
    }
}
