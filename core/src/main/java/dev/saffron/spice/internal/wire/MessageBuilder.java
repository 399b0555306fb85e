package dev.saffron.spice.internal.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Assembles an outgoing message body in little-endian order. Bodies sent by a client are small (a few
 * control fields), so a growable heap buffer is enough; bulk payloads travel as their own buffers.
 */
public final class MessageBuilder {
    private ByteBuffer buffer;

    /** @param expectedSize a first guess of the body size */
    public MessageBuilder(int expectedSize) {
        buffer = ByteBuffer.allocate(Math.max(expectedSize, 8)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends one byte. */
    public MessageBuilder u8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    /** Appends a 16-bit value. */
    public MessageBuilder u16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    /** Appends a 32-bit value. */
    public MessageBuilder u32(long value) {
        ensure(4).putInt((int) value);
        return this;
    }

    /** Appends a 64-bit value. */
    public MessageBuilder u64(long value) {
        ensure(8).putLong(value);
        return this;
    }

    /** Appends raw bytes. */
    public MessageBuilder bytes(byte[] value) {
        ensure(value.length).put(value);
        return this;
    }

    /** @return the body, flipped for reading; the builder must not be used afterwards */
    public ByteBuffer build() {
        return buffer.flip();
    }

    private ByteBuffer ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more))
                    .order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(buffer.flip());
            buffer = bigger;
        }
        return buffer;
    }
}
