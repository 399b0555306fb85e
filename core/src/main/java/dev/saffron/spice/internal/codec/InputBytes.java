package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A compressed stream seen as a byte array, because the decoding loops index arrays faster than they
 * read segments. A segment that already wraps a byte array is used in place; any other is copied into a
 * scratch array that the owning decoder keeps between images. One per decoder; not thread-safe.
 */
final class InputBytes {
    private byte[] scratch = new byte[0];
    private byte[] array = scratch;
    private int start;
    private int end;

    /**
     * @param src  the stream; it must stay unchanged until decoding is done
     * @param what the codec, for the message
     * @throws ImageDecodeException if the stream is too long for an array
     */
    void load(MemorySegment src, String what) throws ImageDecodeException {
        long size = src.byteSize();
        if (size > ImageLimits.PIXEL_CAP) {
            throw new ImageDecodeException(what + ": stream of " + size + " bytes is too long");
        }
        if (src.heapBase().orElse(null) instanceof byte[] backing) {
            array = backing;
            start = (int) src.address();
        } else {
            if (scratch.length < size) {
                scratch = new byte[(int) size];
            }
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, scratch, 0, (int) size);
            array = scratch;
            start = 0;
        }
        end = start + (int) size;
    }

    /** @return the array that holds the stream from {@link #start()} to {@link #end()} */
    byte[] array() {
        return array;
    }

    /** @return the index of the stream's first byte */
    int start() {
        return start;
    }

    /** @return the index just past the stream's last byte */
    int end() {
        return end;
    }
}
