package dev.saffron.spice.internal.wire;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a message body in little-endian order. Every read is checked against the end of the body
 * first, so a short or lying message becomes a {@link SpiceError#PROTOCOL} error instead of an out-of-bounds
 * access. Pointers in SPICE bodies are offsets from the start of the body; {@link #at(long)} follows them.
 * Not thread-safe; the segment is borrowed, never copied.
 */
public final class WireReader {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment body;
    private final String what;
    private long position;

    /**
     * @param body the whole message body
     * @param what names the message in error text, e.g. {@code "main INIT"}
     */
    public WireReader(MemorySegment body, String what) {
        this.body = body;
        this.what = what;
    }

    /** @return what the message is, as given to the constructor */
    public String what() {
        return what;
    }

    /** @return a reader over the same body positioned at {@code offset} (a SPICE pointer) */
    public WireReader at(long offset) throws SpiceException {
        if (offset < 0 || offset > body.byteSize()) {
            throw malformed("offset " + offset + " outside a body of " + body.byteSize() + " bytes");
        }
        WireReader reader = new WireReader(body, what);
        reader.position = offset;
        return reader;
    }

    /** @return bytes left from the cursor to the end of the body */
    public long remaining() {
        return body.byteSize() - position;
    }

    /** @return the cursor's offset from the start of the body */
    public long position() {
        return position;
    }

    /** @return the next unsigned byte */
    public int u8() throws SpiceException {
        require(1);
        return Byte.toUnsignedInt(body.get(ValueLayout.JAVA_BYTE, position++));
    }

    /** @return the next unsigned 16-bit value */
    public int u16() throws SpiceException {
        require(2);
        int value = Short.toUnsignedInt(body.get(U16, position));
        position += 2;
        return value;
    }

    /** @return the next signed 16-bit value */
    public int i16() throws SpiceException {
        require(2);
        int value = body.get(U16, position);
        position += 2;
        return value;
    }

    /** @return the next unsigned 32-bit value */
    public long u32() throws SpiceException {
        require(4);
        long value = Integer.toUnsignedLong(body.get(U32, position));
        position += 4;
        return value;
    }

    /** @return the next signed 32-bit value */
    public int i32() throws SpiceException {
        require(4);
        int value = body.get(U32, position);
        position += 4;
        return value;
    }

    /** @return the next 64-bit value (the caller decides whether it is signed) */
    public long u64() throws SpiceException {
        require(8);
        long value = body.get(U64, position);
        position += 8;
        return value;
    }

    /**
     * Reads a u32 count and checks that {@code count * elementSize} bytes follow and that it does not exceed
     * {@code limit}, so that callers can size arrays from it safely.
     */
    public int count32(int elementSize, int limit) throws SpiceException {
        return checkedCount(u32(), elementSize, limit);
    }

    /** Like {@link #count32} for a u16 count. */
    public int count16(int elementSize, int limit) throws SpiceException {
        return checkedCount(u16(), elementSize, limit);
    }

    /** Like {@link #count32} for a u8 count. */
    public int count8(int elementSize, int limit) throws SpiceException {
        return checkedCount(u8(), elementSize, limit);
    }

    private int checkedCount(long count, int elementSize, int limit) throws SpiceException {
        if (count > limit) {
            throw malformed("count " + count + " exceeds the limit of " + limit);
        }
        if (count * elementSize > remaining()) {
            throw malformed("count " + count + " needs " + count * elementSize + " bytes, "
                    + remaining() + " remain");
        }
        return (int) count;
    }

    /** @return a view of the next {@code length} bytes, advancing past them */
    public MemorySegment slice(long length) throws SpiceException {
        require(length);
        MemorySegment slice = body.asSlice(position, length);
        position += length;
        return slice;
    }

    /** @return a view of everything from the cursor to the end of the body */
    public MemorySegment rest() {
        MemorySegment slice = body.asSlice(position);
        position = body.byteSize();
        return slice;
    }

    /** @return a copy of the next {@code length} bytes */
    public byte[] bytes(int length) throws SpiceException {
        return slice(length).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Reads {@code length} bytes as UTF-8 text, dropping one trailing NUL and anything after the first NUL
     * (SPICE strings carry their terminator inside the counted length).
     */
    public String string(int length) throws SpiceException {
        byte[] raw = bytes(length);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** Skips {@code length} bytes. */
    public void skip(long length) throws SpiceException {
        require(length);
        position += length;
    }

    private void require(long length) throws SpiceException {
        if (length < 0 || length > remaining()) {
            throw malformed("needs " + length + " bytes at offset " + position + ", body has " + body.byteSize());
        }
    }

    /** @return a protocol error naming this message */
    public SpiceException malformed(String detail) {
        return new SpiceException(SpiceError.PROTOCOL, "malformed " + what + ": " + detail);
    }
}
