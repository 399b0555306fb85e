package dev.saffron.usbredir.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static dev.saffron.usbredir.internal.Protocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parser on hand-made bytes, as QEMU's usb-redir sends them to the host. */
class PacketParserTest {
    private static final Capabilities HOST = SlotHost.CAPABILITIES;

    /** A packet with a 12-byte header (32-bit id). */
    private static byte[] short32(int type, int id, byte[] body) {
        return ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN).putInt(type)
                .putInt(body.length).putInt(id).put(body).array();
    }

    /** A packet with a 16-byte header (64-bit id). */
    private static byte[] long64(int type, long id, byte[] body) {
        return ByteBuffer.allocate(16 + body.length).order(ByteOrder.LITTLE_ENDIAN).putInt(type)
                .putInt(body.length).putLong(id).put(body).array();
    }

    private static byte[] helloBody(int caps) {
        ByteBuffer body = ByteBuffer.allocate(68).order(ByteOrder.LITTLE_ENDIAN);
        body.put("qemu usb-redir guest 8.2".getBytes());
        return body.position(64).putInt(caps).array();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    private static List<Packet> feed(PacketParser parser, byte[] bytes) throws UsbRedirProtocolException {
        return parser.feed(bytes, 0, bytes.length);
    }

    @Test
    void afterBothHellosOffer64BitIdsTheHeaderWidens() throws Exception {
        PacketParser parser = new PacketParser(true, HOST);
        int guestCaps = 1 << CAP_64BITS_IDS | 1 << CAP_32BITS_BULK_LENGTH | 1 << CAP_DEVICE_DISCONNECT_ACK;
        byte[] control = {(byte) 0x80, 6, (byte) 0x80, 0, 0, 1, 0, 0, 18, 0};
        byte[] bulkOut = {0x02, 0, 3, 0, 0, 0, 0, 0, 0, 0, 7, 8, 9};
        List<Packet> packets = feed(parser, concat(short32(HELLO, 0, helloBody(guestCaps)),
                long64(CONTROL_PACKET, 0x1_0000_0002L, control), long64(BULK_PACKET, 3, bulkOut)));

        assertEquals(3, packets.size());
        assertEquals("qemu usb-redir guest 8.2", packets.get(0).version());
        assertTrue(parser.both().has(CAP_64BITS_IDS));
        assertTrue(parser.both().has(CAP_32BITS_BULK_LENGTH));
        Packet request = packets.get(1);
        assertNull(request.problem());
        assertEquals(0x1_0000_0002L, request.id());
        assertEquals(0x80, request.endpoint());
        assertEquals(18, request.transferLength());
        assertEquals(0, request.data().length, "an IN request carries no data");
        Packet bulk = packets.get(2);
        assertNull(bulk.problem());
        assertEquals(3, bulk.transferLength());
        assertArrayEquals(new byte[]{7, 8, 9}, bulk.data());
    }

    @Test
    void withoutTheGuestsCapsHeadersStayShortAndBulkHasNoHighLength() throws Exception {
        PacketParser parser = new PacketParser(true, HOST);
        byte[] bulkIn = {(byte) 0x81, 0, 0, 2, 0, 0, 0, 0};
        List<Packet> packets = feed(parser, concat(short32(HELLO, 0, helloBody(0)), short32(BULK_PACKET, 9, bulkIn)));
        assertEquals(2, packets.size());
        assertNull(packets.get(1).problem());
        assertEquals(9, packets.get(1).id());
        assertEquals(512, packets.get(1).transferLength());
    }

    @Test
    void aPacketSplitAcrossFeedsComesOutOnceWhole() throws Exception {
        PacketParser parser = new PacketParser(true, HOST);
        byte[] stream = concat(short32(HELLO, 0, helloBody(0)), short32(SET_CONFIGURATION, 4, new byte[]{1}));
        int total = 0;
        for (int i = 0; i < stream.length; i++) {
            total += parser.feed(stream, i, 1).size();
        }
        assertEquals(2, total);
    }

    @Test
    void packetsThatBreakTheProtocolComeOutWithTheirProblemAndTheStreamGoesOn() throws Exception {
        PacketParser parser = new PacketParser(true, HOST);
        assertEquals("before the peer's hello",
                feed(parser, short32(RESET, 1, new byte[0])).getFirst().problem());
        feed(parser, short32(HELLO, 0, helloBody(0)));
        List<Packet> packets = feed(parser, concat(
                short32(HELLO, 0, helloBody(0)),
                short32(77, 2, new byte[]{1, 2}),
                short32(DEVICE_CONNECT, 3, new byte[8]),
                short32(SET_CONFIGURATION, 4, new byte[]{1, 2}),
                short32(GET_ALT_SETTING, 5, new byte[0]),
                short32(CONTROL_PACKET, 6, new byte[]{0, 9, 0, 0, 0, 0, 0, 0, 4, 0, 1}),
                short32(BULK_PACKET, 7, new byte[]{(byte) 0x81, 0, 4, 0, 0, 0, 0, 0, 1, 2, 3, 4}),
                short32(BUFFERED_BULK_PACKET, 8, new byte[10]),
                short32(FILTER_FILTER, 9, "-1,-1,-1,-1,1".getBytes()),
                short32(RESET, 10, new byte[0])));
        assertEquals(List.of("a second hello", "an unknown packet type", "a packet the guest never sends",
                        "1 data bytes after a header that takes none", "0 bytes, shorter than its 1-byte header",
                        "1 data bytes where 4 belong", "4 data bytes where 0 belong",
                        "a packet the guest never sends", "filter rules without their terminating NUL"),
                packets.subList(0, 9).stream().map(Packet::problem).toList());
        assertNull(packets.get(9).problem(), "the stream keeps its place after each bad packet");
    }

    @Test
    void aPacketLongerThanTheLimitEndsTheStreamBeforeAnythingIsAllocatedForIt() throws Exception {
        PacketParser parser = new PacketParser(true, HOST);
        feed(parser, short32(HELLO, 0, helloBody(0)));
        byte[] header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(BULK_PACKET)
                .putInt(-1).putInt(1).array();
        UsbRedirProtocolException e = assertThrows(UsbRedirProtocolException.class, () -> feed(parser, header));
        assertTrue(e.getMessage().contains("4294967295 bytes"), e.getMessage());
    }

    @Test
    void theGuestSideParserReadsWhatTheWriterBuilds() throws Exception {
        PacketParser guest = new PacketParser(false, Capabilities.of(CAP_64BITS_IDS, CAP_32BITS_BULK_LENGTH));
        PacketWriter writer = new PacketWriter();
        List<Packet> hello = feed(guest, PacketWriter.hello("host", HOST));
        assertEquals("host", hello.getFirst().version());
        writer.peerHello(guest.both());
        byte[] header = new PacketWriter.Fields(10).u8(0x81).u8(0).u16(3).u32(0).u16(0).build();
        Packet answer = feed(guest, writer.packet(BULK_PACKET, 1L << 40, header, new byte[]{1, 2, 3})).getFirst();
        assertNull(answer.problem());
        assertEquals(1L << 40, answer.id());
        assertArrayEquals(new byte[]{1, 2, 3}, answer.data());
    }
}
