package dev.saffron.usbredir.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.saffron.usbredir.internal.Protocol.*;

/**
 * Cuts a usbredir byte stream into {@link Packet}s and checks each against the protocol, for one side of the
 * conversation: the host's (this client's) or, for tests, the guest's. Every length is checked before anything
 * is allocated for it: a packet longer than {@link Protocol#MAX_PACKET_BYTES} ends the stream; inside that bound,
 * a packet the stream's framing still delimits but whose contents are wrong comes out with a {@code problem}.
 *
 * <p>The id field is 32 bits wide until both hellos announced {@code 64bits_ids}: the peer's hello is always in
 * the short form, and the width changes right after it. Not thread-safe: one stream, one caller.
 */
public final class PacketParser {
    private final boolean hostSide;
    private final Capabilities ours;
    private Capabilities both = Capabilities.none();
    private boolean helloSeen;
    private byte[] buffer = new byte[4096];
    private int start;
    private int end;

    /**
     * @param hostSide whether this parser reads what the guest sends to the host (else what the host sends)
     * @param ours     the capabilities this side announced in its own hello
     */
    public PacketParser(boolean hostSide, Capabilities ours) {
        this.hostSide = hostSide;
        this.ours = ours;
    }

    /** @return the capabilities both sides announced, once the peer's hello was read */
    public Capabilities both() {
        return both;
    }

    private int headerBytes() {
        return both.has(CAP_64BITS_IDS) ? HEADER_BYTES_64BIT_IDS : HEADER_BYTES_32BIT_IDS;
    }

    /**
     * Takes more bytes of the stream.
     *
     * @return the packets they complete, in order
     * @throws UsbRedirProtocolException if a packet announces more than {@link Protocol#MAX_PACKET_BYTES}
     */
    public List<Packet> feed(byte[] bytes, int offset, int length) throws UsbRedirProtocolException {
        append(bytes, offset, length);
        List<Packet> packets = new ArrayList<>();
        while (true) {
            int headerBytes = headerBytes();
            if (end - start < headerBytes) {
                break;
            }
            int type = readInt(start);
            long packetLength = Integer.toUnsignedLong(readInt(start + 4));
            if (packetLength > MAX_PACKET_BYTES) {
                throw new UsbRedirProtocolException("a usbredir " + Protocol.name(type) + " packet of " + packetLength
                        + " bytes, more than the " + MAX_PACKET_BYTES + " this client takes");
            }
            if (end - start < headerBytes + packetLength) {
                break;
            }
            long id = headerBytes == HEADER_BYTES_64BIT_IDS
                    ? Integer.toUnsignedLong(readInt(start + 8)) | (long) readInt(start + 12) << 32
                    : Integer.toUnsignedLong(readInt(start + 8));
            int body = start + headerBytes;
            start = body + (int) packetLength;
            Packet packet = check(type, id, body, (int) packetLength);
            if (type == HELLO && packet.wellFormed()) {
                helloSeen = true;
                both = ours.and(new Capabilities(capabilityWords(packet.data())));
            }
            packets.add(packet);
        }
        compact();
        return packets;
    }

    private Packet check(int type, long id, int body, int length) {
        if (!helloSeen && type != HELLO) {
            return malformed(type, id, "before the peer's hello");
        }
        if (helloSeen && type == HELLO) {
            return malformed(type, id, "a second hello");
        }
        boolean fromGuest = hostSide;
        if (fromGuest ? !Protocol.sentByGuest(type) : !Protocol.sentByHost(type)) {
            return malformed(type, id, Protocol.typeHeaderBytes(type, both) < 0 ? "an unknown packet type"
                    : "a packet the " + (fromGuest ? "guest" : "host") + " never sends");
        }
        int headerLength = Protocol.typeHeaderBytes(type, both);
        if (length < headerLength) {
            return malformed(type, id, length + " bytes, shorter than its " + headerLength + "-byte header");
        }
        byte[] header = Arrays.copyOfRange(buffer, body, body + headerLength);
        byte[] data = Arrays.copyOfRange(buffer, body + headerLength, body + length);
        String problem = checkData(new Packet(type, id, header, data, null));
        return new Packet(type, id, header, data, problem);
    }

    private static Packet malformed(int type, long id, String problem) {
        return new Packet(type, id, new byte[0], new byte[0], problem);
    }

    /** @return what is wrong with the packet's data, or null */
    private String checkData(Packet packet) {
        int dataLength = packet.data().length;
        return switch (packet.type()) {
            case HELLO -> dataLength % 4 != 0 ? "capabilities of " + dataLength + " bytes, not whole words" : null;
            case FILTER_FILTER -> dataLength == 0 || packet.data()[dataLength - 1] != 0
                    ? "filter rules without their terminating NUL" : null;
            case CONTROL_PACKET, BULK_PACKET, ISO_PACKET, INTERRUPT_PACKET, BUFFERED_BULK_PACKET -> {
                boolean in = (packet.endpoint() & 0x80) != 0;
                // Requests carry OUT data, answers IN data: which one this is depends on the direction of travel.
                boolean carriesData = in != hostSide;
                long expected = carriesData ? packet.transferLength() : 0;
                if (packet.type() == BUFFERED_BULK_PACKET && !in) {
                    yield "buffered bulk data for an OUT endpoint";
                }
                yield dataLength != expected ? dataLength + " data bytes where " + expected + " belong" : null;
            }
            default -> dataLength != 0 ? dataLength + " data bytes after a header that takes none" : null;
        };
    }

    private static int[] capabilityWords(byte[] data) {
        int[] words = new int[Math.min(data.length / 4, MAX_CAPABILITY_WORDS)];
        for (int i = 0; i < words.length; i++) {
            words[i] = (data[4 * i] & 0xFF) | (data[4 * i + 1] & 0xFF) << 8 | (data[4 * i + 2] & 0xFF) << 16
                    | (data[4 * i + 3] & 0xFF) << 24;
        }
        return words;
    }

    private void append(byte[] bytes, int offset, int length) {
        if (buffer.length - end < length) {
            compact();
            if (buffer.length - end < length) {
                // Bounded: a packet is at most MAX_PACKET_BYTES and is consumed once whole, so the buffer never
                // needs more than one packet and the bytes that arrived with it.
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, end + length));
            }
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    private void compact() {
        if (start == 0) {
            return;
        }
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
        if (end == 0 && buffer.length > 65536) {
            buffer = new byte[4096];
        }
    }

    private int readInt(int at) {
        return (buffer[at] & 0xFF) | (buffer[at + 1] & 0xFF) << 8 | (buffer[at + 2] & 0xFF) << 16
                | (buffer[at + 3] & 0xFF) << 24;
    }
}
