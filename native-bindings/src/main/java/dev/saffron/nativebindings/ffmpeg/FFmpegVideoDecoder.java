package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.spice.spi.VideoDecoder;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One stream's libavcodec decoder, with libswscale converting each picture to BGRA. libswscale's vector code
 * expects rows aligned to its blocks and writes whole blocks (given the caller's rows at a width of 100 pixels
 * it drew H.264 pictures wrongly and overran the heap with VP8), so it converts into a buffer of its own, rows
 * padded to 64 bytes and a spare row after, and the rows are copied into the caller's pixels. It decodes on
 * the calling thread (one decoding thread, low delay), so every packet's picture comes out of the call that
 * sent it. Pictures are bounded twice: libavcodec refuses to allocate one of more pixels than
 * the stream's size allows ({@code max_pixels}), and a picture wider or taller than the stream is refused here.
 */
// Calling native code is what this module is for; launchers grant it native access.
@SuppressWarnings("restricted")
final class FFmpegVideoDecoder implements VideoDecoder {
    /** Pointers and ints in libswscale's plane arrays. */
    private static final int PLANES = 8;
    /** libavcodec works on whole macroblocks and coding units; the pixel bound leaves room for their padding. */
    private static final int BLOCK = 64;
    /** Bytes the converted rows are padded to, more than any vector block; a spare row follows the last. */
    private static final int ROW_ALIGN = 64;

    private final int width;
    private final int height;
    private final Arena arena = Arena.ofShared();
    private MemorySegment context;
    private final MemorySegment packet;
    private final MemorySegment frame;
    private MemorySegment scaler = MemorySegment.NULL;
    private final MemorySegment dstPlanes;
    private final MemorySegment dstStrides;
    private final MemorySegment converted;
    private final int convertedStride;
    private MemorySegment input;
    private boolean closed;

    private FFmpegVideoDecoder(int width, int height) {
        this.width = width;
        this.height = height;
        this.context = MemorySegment.NULL;
        this.packet = FFmpeg.avPacketAlloc().reinterpret(FFmpeg.AVPACKET_USED_BYTES);
        this.frame = FFmpeg.avFrameAlloc().reinterpret(FFmpeg.AVFRAME_USED_BYTES);
        this.dstPlanes = arena.allocate(ValueLayout.ADDRESS, PLANES);
        this.dstStrides = arena.allocate(ValueLayout.JAVA_INT, PLANES);
        this.input = arena.allocate(FFmpeg.AV_INPUT_BUFFER_PADDING_SIZE);
        this.convertedStride = (int) ((4L * width + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN);
        this.converted = arena.allocate((long) convertedStride * (height + 1), ROW_ALIGN);
    }

    /**
     * @param codecId the {@code AVCodecID}
     * @return an open decoder; the libraries must be available
     * @throws IOException if libavcodec has no such decoder or cannot open it
     */
    static FFmpegVideoDecoder open(int codecId, int width, int height) throws IOException {
        FFmpegVideoDecoder decoder = new FFmpegVideoDecoder(width, height);
        try {
            decoder.openContext(codecId);
            return decoder;
        } catch (IOException | RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    private void openContext(int codecId) throws IOException {
        if (packet.address() == 0 || frame.address() == 0) {
            throw new IOException("libavcodec could not allocate a packet or a frame");
        }
        MemorySegment codec = FFmpeg.avcodecFindDecoder(codecId);
        if (codec.equals(MemorySegment.NULL)) {
            throw new IOException("libavcodec has no decoder for codec id " + codecId);
        }
        context = FFmpeg.avcodecAllocContext3(codec);
        if (context.equals(MemorySegment.NULL)) {
            throw new IOException("libavcodec could not allocate a decoder context");
        }
        long maxPixels = (long) roundUp(width) * roundUp(height);
        setOption("max_pixels", maxPixels);
        setOption("threads", 1);
        try (Arena strings = Arena.ofConfined()) {
            int result = FFmpeg.avOptSet(context, strings.allocateFrom("flags"), strings.allocateFrom("+low_delay"), 0);
            if (result < 0) {
                throw new IOException("libavcodec refused low delay: " + FFmpeg.errorString(result));
            }
        }
        int result = FFmpeg.avcodecOpen2(context, codec, MemorySegment.NULL);
        if (result < 0) {
            throw new IOException("libavcodec could not open the decoder: " + FFmpeg.errorString(result));
        }
    }

    private void setOption(String name, long value) throws IOException {
        try (Arena strings = Arena.ofConfined()) {
            int result = FFmpeg.avOptSetInt(context, strings.allocateFrom(name), value, 0);
            if (result < 0) {
                throw new IOException("libavcodec refused " + name + "=" + value + ": " + FFmpeg.errorString(result));
            }
        }
    }

    private static int roundUp(int size) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) size + BLOCK - 1) / BLOCK * BLOCK);
    }

    @Override
    public synchronized boolean decode(MemorySegment data, MemorySegment pixels, int stride) throws IOException {
        if (!pixels.isNative() || pixels.isReadOnly()) {
            throw new IllegalArgumentException("the pixels must be writable native memory");
        }
        if (stride < 4L * width || pixels.byteSize() < (long) (height - 1) * stride + 4L * width) {
            throw new IllegalArgumentException(width + "x" + height + " pixels with stride " + stride
                    + " do not fit " + pixels.byteSize() + " bytes");
        }
        if (closed) {
            throw new IOException("the decoder is closed");
        }
        if (data.byteSize() > Integer.MAX_VALUE - FFmpeg.AV_INPUT_BUFFER_PADDING_SIZE) {
            throw new IOException("a frame of " + data.byteSize() + " bytes");
        }
        int size = (int) data.byteSize();
        if (input.byteSize() < size + FFmpeg.AV_INPUT_BUFFER_PADDING_SIZE) {
            input = arena.allocate(Math.max(size + FFmpeg.AV_INPUT_BUFFER_PADDING_SIZE, 2 * input.byteSize()));
        }
        input.asSlice(0, size).copyFrom(data);
        input.asSlice(size, FFmpeg.AV_INPUT_BUFFER_PADDING_SIZE).fill((byte) 0);
        // Not reference-counted (no buf), so libavcodec copies the bytes it keeps.
        packet.set(ValueLayout.ADDRESS, FFmpeg.AVPACKET_DATA, input);
        packet.set(ValueLayout.JAVA_INT, FFmpeg.AVPACKET_SIZE, size);
        int result = FFmpeg.avcodecSendPacket(context, packet);
        if (result < 0) {
            throw new IOException("libavcodec refused the frame: " + FFmpeg.errorString(result));
        }
        boolean written = false;
        while (true) {
            result = FFmpeg.avcodecReceiveFrame(context, frame);
            if (result == FFmpeg.AVERROR_EAGAIN) {
                return written;
            }
            if (result < 0) {
                throw new IOException("libavcodec could not decode the frame: " + FFmpeg.errorString(result));
            }
            convert(pixels, stride);
            written = true;
        }
    }

    /** Converts the decoded picture, scaled to the stream's size when it is smaller, then copies it out. */
    private void convert(MemorySegment pixels, int stride) throws IOException {
        int pictureWidth = frame.get(ValueLayout.JAVA_INT, FFmpeg.AVFRAME_WIDTH);
        int pictureHeight = frame.get(ValueLayout.JAVA_INT, FFmpeg.AVFRAME_HEIGHT);
        int format = frame.get(ValueLayout.JAVA_INT, FFmpeg.AVFRAME_FORMAT);
        if (pictureWidth <= 0 || pictureHeight <= 0 || pictureWidth > width || pictureHeight > height) {
            throw new IOException("a picture of " + pictureWidth + "x" + pictureHeight + " in a " + width + "x"
                    + height + " stream");
        }
        scaler = FFmpeg.swsGetCachedContext(scaler, pictureWidth, pictureHeight, format, width, height,
                FFmpeg.AV_PIX_FMT_BGRA, FFmpeg.SWS_BILINEAR);
        if (scaler.equals(MemorySegment.NULL)) {
            throw new IOException("libswscale cannot convert pixel format " + format + " to BGRA");
        }
        dstPlanes.set(ValueLayout.ADDRESS, 0, converted);
        dstStrides.set(ValueLayout.JAVA_INT, 0, convertedStride);
        FFmpeg.swsScale(scaler, frame.asSlice(FFmpeg.AVFRAME_DATA), frame.asSlice(FFmpeg.AVFRAME_LINESIZE), 0,
                pictureHeight, dstPlanes, dstStrides);
        long rowBytes = 4L * width;
        for (int y = 0; y < height; y++) {
            MemorySegment.copy(converted, (long) y * convertedStride, pixels, (long) y * stride, rowBytes);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena cells = Arena.ofConfined()) {
            FFmpeg.avcodecFreeContext(FFmpeg.pointerCell(cells, context));
            FFmpeg.avFrameFree(FFmpeg.pointerCell(cells, frame));
            FFmpeg.avPacketFree(FFmpeg.pointerCell(cells, packet));
        }
        FFmpeg.swsFreeContext(scaler);
        arena.close();
    }
}
