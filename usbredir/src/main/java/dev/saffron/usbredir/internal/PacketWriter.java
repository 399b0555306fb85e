package dev.saffron.usbredir.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static dev.saffron.usbredir.internal.Protocol.*;

/**
 * Builds usbredir packets for one side of a stream, in the header form the capabilities call for: 32-bit ids
 * until both hellos announced {@code 64bits_ids}, the optional fields of device_connect, ep_info and bulk packets
 * only where both sides announced them. Not thread-safe; the stream's owner serializes its use.
 */
public final class PacketWriter {
    private volatile Capabilities both = Capabilities.none();

    /** Switches to the header forms both sides' hellos allow; call once the peer's hello is read. */
    public void peerHello(Capabilities bothSides) {
        both = bothSides;
    }

    public Capabilities both() {
        return both;
    }

    /** @return a packet: the common header, then {@code header} (the type's own), then {@code data} */
    public byte[] packet(int type, long id, byte[] header, byte[] data) {
        int headerBytes = both.has(CAP_64BITS_IDS) ? HEADER_BYTES_64BIT_IDS : HEADER_BYTES_32BIT_IDS;
        ByteBuffer out = ByteBuffer.allocate(headerBytes + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(type).putInt(header.length + data.length);
        if (headerBytes == HEADER_BYTES_64BIT_IDS) {
            out.putLong(id);
        } else {
            out.putInt((int) id);
        }
        return out.put(header).put(data).array();
    }

    /** @return a hello, always in the short-id form since the peer may not have spoken yet */
    public static byte[] hello(String version, Capabilities ours) {
        byte[] text = version.getBytes(StandardCharsets.UTF_8);
        int[] words = ours.words();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES_32BIT_IDS + VERSION_BYTES + 4 * words.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(HELLO).putInt(VERSION_BYTES + 4 * words.length).putInt(0);
        out.put(text, 0, Math.min(text.length, VERSION_BYTES - 1));
        out.position(HEADER_BYTES_32BIT_IDS + VERSION_BYTES);
        for (int word : words) {
            out.putInt(word);
        }
        return out.array();
    }

    /** A little-endian builder for a type's own header. */
    public static final class Fields {
        private final ByteBuffer out;

        public Fields(int length) {
            out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        }

        public Fields u8(int value) {
            out.put((byte) value);
            return this;
        }

        public Fields u16(int value) {
            out.putShort((short) value);
            return this;
        }

        public Fields u32(long value) {
            out.putInt((int) value);
            return this;
        }

        public Fields bytes(byte[] values) {
            out.put(values);
            return this;
        }

        public byte[] build() {
            if (out.hasRemaining()) {
                throw new IllegalStateException(out.remaining() + " header bytes left unset");
            }
            return out.array();
        }
    }
}
