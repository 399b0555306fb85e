package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/** Lets an ImageIO reader read a memory segment in place, without copying it into an array first. */
final class SegmentImageInputStream extends ImageInputStreamImpl {
    private final MemorySegment data;

    /** @param data the bytes to read; the stream is valid only while they are */
    SegmentImageInputStream(MemorySegment data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= data.byteSize()) {
            return -1;
        }
        return Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, streamPos++));
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        long left = data.byteSize() - streamPos;
        if (left <= 0) {
            return -1;
        }
        int count = (int) Math.min(length, left);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, streamPos, buffer, offset, count);
        streamPos += count;
        return count;
    }

    @Override
    public long length() {
        return data.byteSize();
    }
}
