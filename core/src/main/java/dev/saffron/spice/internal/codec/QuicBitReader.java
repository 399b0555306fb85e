package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads a QUIC stream: little-endian 32-bit words, each consumed from its most significant bit down.
 *
 * <p>Like spice-common's decoder it always holds the next 32 bits, so it takes a word exactly when
 * spice-common does and a stream the reference accepts never runs dry here. Needing a word past the end
 * of the data is an {@link ImageDecodeException}. Words are copied from the segment a chunk at a time, so
 * the per-word cost is an array read. Not thread-safe; reused across images.
 *
 * <p>The whole bit position lives in one long, the <em>window</em>: unread bits from bit 63 down, then a
 * single marker bit, then zeros. Consuming bits is a shift; the window runs low exactly when the marker
 * reaches the upper half. Hot loops keep the window in a local variable ({@link #window}, {@link #peek(long)},
 * {@link #consume(long, int)}, then {@link #window(long)}); other code uses {@link #peek()} and
 * {@link #skip(int)}.
 */
final class QuicBitReader {
    private static final ValueLayout.OfInt WORD =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK_WORDS = 512;

    private MemorySegment data = MemorySegment.NULL;
    /** Byte offset in {@link #data} of the first word not yet copied into {@link #chunk}. */
    private long nextChunkOffset;
    private long wordsEnd;
    private final int[] chunk = new int[CHUNK_WORDS];
    private int chunkPosition;
    private int chunkLength;
    /** At least 32 unread bits, then the marker bit. */
    private long window;

    /**
     * Starts reading {@code data} from its first word; a trailing partial word is ignored, as in
     * spice-common.
     *
     * @throws ImageDecodeException if there is not a single whole word
     */
    void start(MemorySegment data) throws ImageDecodeException {
        this.data = data;
        this.wordsEnd = data.byteSize() & ~3L;
        this.nextChunkOffset = 0;
        this.chunkPosition = 0;
        this.chunkLength = 0;
        window = (long) nextWord() << 32 | 1L << 31;
    }

    /** Lets go of the data so a long-lived reader does not keep it reachable. */
    void release() {
        data = MemorySegment.NULL;
        wordsEnd = 0;
    }

    /** @return the reader's position, for a hot loop to work on */
    long window() {
        return window;
    }

    /** Takes back the position a hot loop advanced with {@link #consume}. */
    void window(long window) {
        this.window = window;
    }

    /** @return the next 32 bits of the stream at {@code window}, first bit highest */
    static int peek(long window) {
        return (int) (window >>> 32);
    }

    /** @return {@code window} advanced by {@code count} bits, 1 to 32 */
    long consume(long window, int count) throws ImageDecodeException {
        long advanced = window << count;
        // Fewer than 32 bits are left once the marker has moved into the upper half.
        return (int) advanced == 0 ? refill(advanced) : advanced;
    }

    /** @return the next 32 bits of the stream, first bit highest */
    int peek() {
        return peek(window);
    }

    /** Consumes {@code count} bits, 1 to 32. */
    void skip(int count) throws ImageDecodeException {
        window = consume(window, count);
    }

    /** Reads and consumes a whole word. */
    int readWord() throws ImageDecodeException {
        int word = peek();
        skip(32);
        return word;
    }

    private long refill(long window) throws ImageDecodeException {
        int marker = Long.numberOfTrailingZeros(window);
        long word = nextWord() & 0xFFFF_FFFFL;
        return window ^ 1L << marker | word << (marker - 31) | 1L << (marker - 32);
    }

    private int nextWord() throws ImageDecodeException {
        if (chunkPosition == chunkLength) {
            fillChunk();
        }
        return chunk[chunkPosition++];
    }

    private void fillChunk() throws ImageDecodeException {
        long words = Math.min(CHUNK_WORDS, (wordsEnd - nextChunkOffset) >>> 2);
        if (words == 0) {
            throw new ImageDecodeException("QUIC data truncated: needs more than " + (wordsEnd >>> 2) + " words");
        }
        MemorySegment.copy(data, WORD, nextChunkOffset, chunk, 0, (int) words);
        nextChunkOffset += 4 * words;
        chunkPosition = 0;
        chunkLength = (int) words;
    }
}
