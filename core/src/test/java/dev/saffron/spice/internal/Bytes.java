package dev.saffron.spice.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds little-endian byte strings for hand-made protocol fixtures. */
public final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends one byte. */
    public Bytes u8(int value) {
        out.write(value);
        return this;
    }

    /** Appends a little-endian u16. */
    public Bytes u16(int value) {
        return raw(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
    }

    /** Appends a little-endian u32. */
    public Bytes u32(long value) {
        return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
    }

    /** Appends a little-endian u64. */
    public Bytes u64(long value) {
        return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** Appends raw bytes. */
    public Bytes raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** @return the current length */
    public int size() {
        return out.size();
    }

    /** @return the bytes */
    public byte[] bytes() {
        return out.toByteArray();
    }

    /** @return a mini-header message: u16 type, u32 size, body */
    public static byte[] miniMessage(int type, byte[] body) {
        return new Bytes().u16(type).u32(body.length).raw(body).bytes();
    }
}
