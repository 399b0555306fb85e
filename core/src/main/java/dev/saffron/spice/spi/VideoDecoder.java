package dev.saffron.spice.spi;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Decodes one video stream, frame after frame in the order the server sent them, into 32-bit pixels: blue,
 * green, red and a fourth byte with no meaning (pixman's x8r8g8b8 on a little-endian machine), rows top first,
 * at the size the decoder was opened with. A picture of another size is scaled to it; one larger than that
 * size is refused. {@link #decode} and {@link #close} may be called from different threads; a decoder serves
 * one at a time.
 */
public interface VideoDecoder extends AutoCloseable {
    /**
     * Decodes one compressed frame. Every frame of the stream must come through here, those the caller will
     * not show included: later frames are predicted from earlier ones.
     *
     * @param frame  the frame's bytes, exactly; not retained
     * @param pixels where pixel (0, 0) starts; holds the opened height's rows of {@code stride} bytes, the last
     *               at least four times the opened width
     * @param stride bytes from one row to the next
     * @return whether a picture was written; false when the decoder holds this frame's picture back
     * @throws IOException              if the frame is corrupt, its picture is larger than the opened size,
     *                                  or the decoder is closed; the next key frame decodes again
     * @throws IllegalArgumentException if {@code pixels} is too small, read-only, or not native memory
     */
    boolean decode(MemorySegment frame, MemorySegment pixels, int stride) throws IOException;

    /** Frees the native decoder; idempotent, never throws. */
    @Override
    void close();
}
