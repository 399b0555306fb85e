package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads a QUIC stream: little-endian 32-bit words, each consumed from its most significant bit down.
 *
 * <p>Like spice-common's decoder it always holds the next 32 bits, so it fetches a word exactly when
 * spice-common does and a stream the reference accepts never runs dry here. Needing a word past the end
 * of the data is an {@link ImageDecodeException}. Not thread-safe; reused across images.
 */
final class QuicBitReader {
    private static final ValueLayout.OfInt WORD =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private MemorySegment data = MemorySegment.NULL;
    private long nextWordOffset;
    private long wordsEnd;
    /** Unread bits, first one at bit 63. */
    private long buffer;
    /** How many bits of {@link #buffer} are unread; at least 32 between calls. */
    private int buffered;

    /**
     * Starts reading {@code data} from its first word; a trailing partial word is ignored, as in
     * spice-common.
     *
     * @throws ImageDecodeException if there is not a single whole word
     */
    void start(MemorySegment data) throws ImageDecodeException {
        this.data = data;
        this.wordsEnd = data.byteSize() & ~3L;
        this.nextWordOffset = 0;
        buffer = (long) nextWord() << 32;
        buffered = 32;
    }

    /** Lets go of the data so a long-lived reader does not keep it reachable. */
    void release() {
        data = MemorySegment.NULL;
        wordsEnd = 0;
    }

    /** @return the next 32 bits of the stream, first bit highest */
    int peek() {
        return (int) (buffer >>> 32);
    }

    /** Consumes {@code count} bits, 1 to 32. */
    void skip(int count) throws ImageDecodeException {
        buffer <<= count;
        buffered -= count;
        if (buffered < 32) {
            buffer |= (nextWord() & 0xFFFF_FFFFL) << (32 - buffered);
            buffered += 32;
        }
    }

    /** Reads and consumes a whole word. */
    int readWord() throws ImageDecodeException {
        int word = peek();
        skip(32);
        return word;
    }

    private int nextWord() throws ImageDecodeException {
        if (nextWordOffset >= wordsEnd) {
            throw new ImageDecodeException("QUIC data truncated: needs more than " + (wordsEnd >>> 2) + " words");
        }
        int word = data.get(WORD, nextWordOffset);
        nextWordOffset += 4;
        return word;
    }
}
