package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QmpLineReaderTest {
    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void returnsEachLineWithoutItsLineEnd() throws Exception {
        QmpLineReader reader = new QmpLineReader(100);

        reader.feed(bytes("{\"return\": {}}\r\n{\"event\": \"STOP\"}\n"));

        assertEquals(Optional.of("{\"return\": {}}"), reader.nextLine());
        assertEquals(Optional.of("{\"event\": \"STOP\"}"), reader.nextLine());
        assertEquals(Optional.empty(), reader.nextLine());
    }

    @Test
    void holdsAPartialLineUntilItsEndArrives() throws Exception {
        QmpLineReader reader = new QmpLineReader(100);

        reader.feed(bytes("{\"ret"));
        assertEquals(Optional.empty(), reader.nextLine());
        reader.feed(bytes("urn\": 1}\r"));
        assertEquals(Optional.empty(), reader.nextLine());
        reader.feed(bytes("\n{\"a\""));

        assertEquals(Optional.of("{\"return\": 1}"), reader.nextLine());
        assertEquals(Optional.empty(), reader.nextLine());
    }

    @Test
    void decodesAMultiByteCharacterSplitAcrossReads() throws Exception {
        byte[] line = "\"caf\u00e9 \u20ac\"\n".getBytes(StandardCharsets.UTF_8);
        QmpLineReader reader = new QmpLineReader(100);

        for (byte b : line) {
            reader.feed(ByteBuffer.wrap(new byte[] {b}));
        }

        assertEquals(Optional.of("\"caf\u00e9 \u20ac\""), reader.nextLine());
    }

    @Test
    void consumesTheWholeBuffer() throws Exception {
        ByteBuffer data = bytes("a\nb");
        QmpLineReader reader = new QmpLineReader(100);

        reader.feed(data);

        assertEquals(0, data.remaining());
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() throws Exception {
        QmpLineReader reader = new QmpLineReader(1000);

        reader.feed(bytes("x".repeat(1000) + "\n"));

        assertEquals(1000, reader.nextLine().orElseThrow().length());
    }

    @Test
    void aLineLongerThanTheLimitFails() {
        QmpLineReader reader = new QmpLineReader(1000);

        QmpException e = assertThrows(QmpException.class, () -> reader.feed(bytes("x".repeat(1001))));

        assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void theLimitAppliesToEachLineNotToAllOfThem() throws Exception {
        QmpLineReader reader = new QmpLineReader(10);

        reader.feed(bytes("0123456789\n0123456789\n0123456789\n"));

        assertEquals(Optional.of("0123456789"), reader.nextLine());
    }

    @Test
    void invalidUtf8Fails() {
        QmpLineReader reader = new QmpLineReader(100);

        assertThrows(QmpException.class,
                () -> reader.feed(ByteBuffer.wrap(new byte[] {'{', (byte) 0xC3, '}', '\n'})));
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new QmpLineReader(0));
    }
}
