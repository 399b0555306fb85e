package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.JpegDecoder;
import dev.saffron.spice.internal.codec.JpegHeader;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Decodes a display channel's MJPEG stream frames into one scratch picture, reused from frame to frame. Used
 * by the channel's video presenter only; it owns the picture's arena and the JPEG decoder, made for the first
 * frame (most channels never see one), which {@link #close()} frees once the presenter has stopped.
 */
public final class MjpegFrames implements AutoCloseable {
    private final long maxPixels;
    private JpegDecoder decoder;
    private Arena arena;
    private MemorySegment scratch = MemorySegment.NULL;

    /** @param maxPixels the most pixels a frame may have */
    public MjpegFrames(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /**
     * @param data the frame; not retained
     * @return the frame's pixels, valid until the next frame
     * @throws ImageDecodeException if the frame is not a JPEG this client decodes, or is over the limit
     */
    public PixelBuffer decode(MemorySegment data) throws ImageDecodeException {
        if (decoder == null) {
            decoder = new JpegDecoder(maxPixels);
        }
        JpegHeader header = decoder.readHeader(data);
        long bytes = 4L * header.width() * header.height();
        if (scratch.byteSize() < bytes) {
            freeScratch();
            arena = Arena.ofShared();
            scratch = PixelBuffer.allocate(arena, header.width(), header.height(), false).segment();
        }
        PixelBuffer decoded = new PixelBuffer(scratch, 0, header.width(), header.height(), header.width() * 4,
                false);
        decoder.decodeFrame(data, decoded);
        return decoded;
    }

    @Override
    public void close() {
        freeScratch();
        if (decoder != null) {
            decoder.close();
        }
    }

    private void freeScratch() {
        if (arena != null) {
            arena.close();
            arena = null;
            scratch = MemorySegment.NULL;
        }
    }
}
