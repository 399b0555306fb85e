package dev.saffron.spice.internal.channel;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.ScriptedTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelConnectionTest {
    private record Received(int type, byte[] body) {
    }

    private static List<Received> run(ChannelConnection connection) throws Exception {
        List<Received> received = new ArrayList<>();
        assertThrows(EOFException.class, () -> connection.runReader((type, body) ->
                received.add(new Received(type, body.toArray(ValueLayout.JAVA_BYTE)))));
        return received;
    }

    @Test
    void miniHeaderMessagesArriveInOrder() throws Exception {
        byte[] stream = new Bytes()
                .raw(Bytes.miniMessage(103, new byte[]{1, 2, 3}))
                .raw(Bytes.miniMessage(104, new byte[0]))
                .bytes();
        List<Received> received = run(new ChannelConnection(new ScriptedTransport(stream), true, 1024, "t", new ProcessedSerial()));
        assertEquals(2, received.size());
        assertEquals(103, received.get(0).type);
        assertArrayEquals(new byte[]{1, 2, 3}, received.get(0).body);
        assertEquals(104, received.get(1).type);
        assertEquals(0, received.get(1).body.length);
    }

    @Test
    void listMessageDeliversEachSubMessage() throws Exception {
        Bytes body = new Bytes().u16(2).u32(10).u32(17);
        body.u16(201).u32(1).u8(0x41);
        body.u16(202).u32(2).u8(0x42).u8(0x43);
        List<Received> received = run(new ChannelConnection(
                new ScriptedTransport(Bytes.miniMessage(BaseMessages.LIST, body.bytes())), true, 1024, "t", new ProcessedSerial()));
        assertEquals(List.of(201, 202), received.stream().map(Received::type).toList());
        assertArrayEquals(new byte[]{0x42, 0x43}, received.get(1).body);
    }

    @Test
    void fullHeaderSubListComesBeforeItsMessage() throws Exception {
        Bytes body = new Bytes().u32(0xCAFE);
        int listOffset = body.size();
        body.u16(1).u32(listOffset + 6);
        body.u16(301).u32(1).u8(9);
        byte[] stream = new Bytes().u64(1).u16(300).u32(body.size()).u32(listOffset).raw(body.bytes()).bytes();
        List<Received> received = run(new ChannelConnection(new ScriptedTransport(stream), false, 1024, "t", new ProcessedSerial()));
        assertEquals(List.of(301, 300), received.stream().map(Received::type).toList());
        assertEquals(0xCAFE, ByteBuffer.wrap(received.get(1).body).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Test
    void stopReadingEndsTheReaderAfterTheMessageAndLeavesTheStreamOpen() throws Exception {
        byte[] stream = new Bytes()
                .raw(Bytes.miniMessage(103, new byte[0]))
                .raw(Bytes.miniMessage(104, new byte[0]))
                .raw(Bytes.miniMessage(105, new byte[0]))
                .bytes();
        ScriptedTransport transport = new ScriptedTransport(stream);
        ChannelConnection connection = new ChannelConnection(transport, true, 1024, "t", new ProcessedSerial());
        List<Integer> received = new ArrayList<>();
        connection.runReader((type, body) -> {
            received.add(type);
            if (type == 104) {
                connection.stopReading();
            }
        });
        assertEquals(List.of(103, 104), received);
        assertEquals(6, transport.unread(), "the next message is left unread");
        assertFalse(connection.isClosed());
        assertFalse(transport.isClosed());
        connection.close();
        assertTrue(transport.isClosed());
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeItIsRead() {
        byte[] headerOnly = new Bytes().u16(101).u32(2048).bytes();
        ChannelConnection connection = new ChannelConnection(new ScriptedTransport(headerOnly), true, 1024, "t", new ProcessedSerial());
        SpiceException e = assertThrows(SpiceException.class, () -> connection.runReader((type, body) -> { }));
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void hugeLengthIsRefusedWithoutAllocating() {
        byte[] headerOnly = new Bytes().u16(101).u32(0xFFFF_FFFFL).bytes();
        ChannelConnection connection = new ChannelConnection(new ScriptedTransport(headerOnly), true,
                64 * 1024 * 1024, "t", new ProcessedSerial());
        SpiceException e = assertThrows(SpiceException.class, () -> connection.runReader((type, body) -> { }));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void truncatedBodyEndsTheStream() {
        byte[] cut = new Bytes().u16(101).u32(10).raw(new byte[4]).bytes();
        ChannelConnection connection = new ChannelConnection(new ScriptedTransport(cut), true, 1024, "t", new ProcessedSerial());
        assertThrows(EOFException.class, () -> connection.runReader((type, body) -> { }));
    }

    @Test
    void subListOffsetOutsideTheBodyIsAProtocolError() {
        byte[] stream = new Bytes().u64(1).u16(300).u32(4).u32(400).u32(0).bytes();
        ChannelConnection connection = new ChannelConnection(new ScriptedTransport(stream), false, 1024, "t", new ProcessedSerial());
        SpiceException e = assertThrows(SpiceException.class, () -> connection.runReader((type, body) -> { }));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void subMessageLongerThanItsListIsAProtocolError() {
        Bytes body = new Bytes().u16(1).u32(6).u16(201).u32(1000).u8(1);
        ChannelConnection connection = new ChannelConnection(
                new ScriptedTransport(Bytes.miniMessage(BaseMessages.LIST, body.bytes())), true, 1024, "t", new ProcessedSerial());
        SpiceException e = assertThrows(SpiceException.class, () -> connection.runReader((type, b) -> { }));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void subMessageCountBeyondTheBodyIsAProtocolError() {
        byte[] body = new Bytes().u16(60000).u32(6).bytes();
        ChannelConnection connection = new ChannelConnection(
                new ScriptedTransport(Bytes.miniMessage(BaseMessages.LIST, body)), true, 1024, "t", new ProcessedSerial());
        SpiceException e = assertThrows(SpiceException.class, () -> connection.runReader((type, b) -> { }));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        byte[] ping = Bytes.miniMessage(BaseMessages.PING, new Bytes().u32(7).u64(123456789L).raw(new byte[100]).bytes());
        ScriptedTransport transport = new ScriptedTransport(ping);
        ChannelConnection connection = new ChannelConnection(transport, true, 1024, "t", new ProcessedSerial());
        connection.startWriter();
        assertTrue(run(connection).isEmpty(), "PING is not passed on");
        byte[] expected = Bytes.miniMessage(BaseMessages.PONG, new Bytes().u32(7).u64(123456789L).bytes());
        assertArrayEquals(expected, transport.awaitWritten(expected.length, Duration.ofSeconds(5)));
    }

    @Test
    void setAckIsSyncedAndEveryWindowIsAcknowledged() throws Exception {
        Bytes stream = new Bytes().raw(Bytes.miniMessage(BaseMessages.SET_ACK, new Bytes().u32(5).u32(2).bytes()));
        for (int i = 0; i < 5; i++) {
            stream.raw(Bytes.miniMessage(150, new byte[0]));
        }
        ScriptedTransport transport = new ScriptedTransport(stream.bytes());
        ChannelConnection connection = new ChannelConnection(transport, true, 1024, "t", new ProcessedSerial());
        connection.startWriter();
        assertEquals(5, run(connection).size());
        byte[] sync = Bytes.miniMessage(BaseMessages.ACK_SYNC, new Bytes().u32(5).bytes());
        byte[] ack = Bytes.miniMessage(BaseMessages.ACK, new byte[0]);
        // SET_ACK itself is not counted: five messages with a window of two make two ACKs.
        byte[] expected = new Bytes().raw(sync).raw(ack).raw(ack).bytes();
        assertArrayEquals(expected, transport.awaitWritten(expected.length, Duration.ofSeconds(5)));
        Thread.sleep(100);
        assertArrayEquals(expected, transport.written(), "no third ACK follows");
    }

    @Test
    void fullHeaderOutgoingMessagesCarryIncreasingSerials() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(new byte[0]);
        ChannelConnection connection = new ChannelConnection(transport, false, 1024, "t", new ProcessedSerial());
        connection.startWriter();
        connection.send(104, ByteBuffer.allocate(0));
        connection.send(105, ByteBuffer.wrap(new byte[]{2, 0})).get(5, TimeUnit.SECONDS);
        byte[] expected = new Bytes()
                .u64(1).u16(104).u32(0).u32(0)
                .u64(2).u16(105).u32(2).u32(0).u8(2).u8(0)
                .bytes();
        assertArrayEquals(expected, transport.written());
    }

    @Test
    void largeBodiesAreWrittenWhole() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(new byte[0]);
        ChannelConnection connection = new ChannelConnection(transport, true, 1024, "t", new ProcessedSerial());
        connection.startWriter();
        byte[] big = new byte[200_000];
        big[199_999] = 7;
        connection.send(101, ByteBuffer.wrap(big)).get(5, TimeUnit.SECONDS);
        byte[] written = transport.written();
        assertEquals(6 + big.length, written.length);
        assertEquals(7, written[written.length - 1]);
    }

    @Test
    void sendAfterCloseFailsInsteadOfHanging() {
        ChannelConnection connection = new ChannelConnection(new ScriptedTransport(new byte[0]), true, 1024, "t", new ProcessedSerial());
        connection.startWriter();
        connection.close();
        assertTrue(connection.send(101, ByteBuffer.allocate(1)).isCompletedExceptionally());
    }

    @Test
    void awaitProcessedSeesSerialsOfMiniHeaderMessages() throws Exception {
        byte[] stream = new Bytes()
                .raw(Bytes.miniMessage(150, new byte[0]))
                .raw(Bytes.miniMessage(150, new byte[0]))
                .bytes();
        ProcessedSerial processed = new ProcessedSerial();
        ChannelConnection connection = new ChannelConnection(new ScriptedTransport(stream), true, 1024, "t", processed);
        run(connection);
        assertTrue(processed.await(2, Duration.ofMillis(10)));
        assertFalse(processed.await(3, Duration.ofMillis(50)));
        processed.end();
        assertFalse(processed.await(3, Duration.ofSeconds(5)), "an ended channel never reaches a later serial");
    }

    @Test
    void bodyIsAViewThatHandlersMustNotKeep() throws Exception {
        byte[] stream = new Bytes()
                .raw(Bytes.miniMessage(150, new byte[]{1}))
                .raw(Bytes.miniMessage(151, new byte[]{2}))
                .bytes();
        List<MemorySegment> kept = new ArrayList<>();
        ChannelConnection connection = new ChannelConnection(new ScriptedTransport(stream), true, 1024, "t", new ProcessedSerial());
        assertThrows(EOFException.class, () -> connection.runReader((type, body) -> kept.add(body)));
        assertEquals(2, kept.get(0).get(ValueLayout.JAVA_BYTE, 0), "the buffer is reused for the next message");
    }
}
