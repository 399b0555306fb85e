package dev.saffron.usbredir.internal;

import java.nio.charset.StandardCharsets;

/**
 * One usbredir packet: its type, id, the type's own header and the data after it, as the parser checked them.
 * {@code problem} is null for a well-formed packet; otherwise it says what is wrong with a packet whose extent was
 * still clear (an unknown type, a header of the wrong size, data where none belongs), which the receiver answers
 * or drops without losing its place in the stream. Arrays are the packet's own: not copied.
 */
public record Packet(int type, long id, byte[] header, byte[] data, String problem) {
    public boolean wellFormed() {
        return problem == null;
    }

    public int u8(int offset) {
        return header[offset] & 0xFF;
    }

    public int u16(int offset) {
        return (header[offset] & 0xFF) | (header[offset + 1] & 0xFF) << 8;
    }

    public long u32(int offset) {
        return Integer.toUnsignedLong(u16(offset) | u16(offset + 2) << 16);
    }

    /** @return the endpoint address of a data packet (control, bulk, iso, interrupt, buffered bulk) */
    public int endpoint() {
        return switch (type) {
            case Protocol.BUFFERED_BULK_PACKET -> u8(8);
            default -> u8(0);
        };
    }

    /** @return the status byte of a data packet */
    public int status() {
        return switch (type) {
            case Protocol.CONTROL_PACKET -> u8(3);
            case Protocol.BUFFERED_BULK_PACKET -> u8(9);
            default -> u8(1);
        };
    }

    /** @return the transfer length a data packet announces (with a bulk packet's high 16 bits, when present) */
    public long transferLength() {
        return switch (type) {
            case Protocol.CONTROL_PACKET -> u16(8);
            case Protocol.BULK_PACKET -> u16(2) | (header.length >= 10 ? (long) u16(8) << 16 : 0);
            case Protocol.BUFFERED_BULK_PACKET -> u32(4);
            default -> u16(2);
        };
    }

    /** @return a hello's version text */
    public String version() {
        int end = 0;
        while (end < header.length && header[end] != 0) {
            end++;
        }
        return new String(header, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return Protocol.name(type) + "#" + id + (problem == null ? "" : " (" + problem + ")");
    }
}
