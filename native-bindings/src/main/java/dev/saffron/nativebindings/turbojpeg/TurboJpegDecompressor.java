package dev.saffron.nativebindings.turbojpeg;

import dev.saffron.spice.spi.JpegDecompressor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A TurboJPEG decompression handle. It decodes as spice-gtk's libjpeg-turbo decoders do: {@code FAST} with
 * {@code JDCT_IFAST} and no fancy upsampling (its MJPEG decoder), {@code ACCURATE} with libjpeg's defaults
 * (its JPEG image decoder). A handle that failed is replaced: libjpeg-turbo 2.1 can leave one unable to
 * decode the next, valid, JPEG after some corrupt data; the old one is destroyed then, the last one by
 * {@link #close()}. Not thread-safe.
 */
// Calling native code is what this module is for; launchers grant it native access.
@SuppressWarnings("restricted")
final class TurboJpegDecompressor implements JpegDecompressor {
    /** libjpeg's message buffer size (JMSG_LENGTH_MAX): the error string always ends within it. */
    private static final long ERROR_STRING_MAX = 200;

    /** The TurboJPEG handle; NULL once closed. */
    private MemorySegment handle;

    private TurboJpegDecompressor() {
        this.handle = newHandle();
    }

    /** @return a decompressor; the library must be available */
    static TurboJpegDecompressor open() {
        return new TurboJpegDecompressor();
    }

    /** @return a new handle, which the caller destroys */
    private static MemorySegment newHandle() {
        MemorySegment handle = TurboJpeg.tjInitDecompress();
        if (handle.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("tjInitDecompress failed");
        }
        return handle;
    }

    @Override
    public void close() {
        if (!handle.equals(MemorySegment.NULL)) {
            TurboJpeg.tjDestroy(handle);
            handle = MemorySegment.NULL;
        }
    }

    @Override
    public void decompress(MemorySegment jpeg, MemorySegment pixels, int width, int height, int stride,
                           Quality quality) throws IOException {
        Objects.requireNonNull(quality, "quality");
        if (handle.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("the decompressor is closed");
        }
        if (!jpeg.isNative() || !pixels.isNative() || pixels.isReadOnly()) {
            throw new IllegalArgumentException("the JPEG and the pixels must be writable native memory");
        }
        if (width <= 0 || height <= 0 || stride < 4L * width
                || pixels.byteSize() < (long) (height - 1) * stride + 4L * width) {
            throw new IllegalArgumentException(width + "x" + height + " pixels with stride " + stride
                    + " do not fit " + pixels.byteSize() + " bytes");
        }
        // libjpeg decides the size itself; it must be the size the caller checked and sized the pixels for.
        int jpegWidth;
        int jpegHeight;
        // tjDecompressHeader3's four int results (width, height, subsampling, colour space), for this call only.
        try (Arena call = Arena.ofConfined()) {
            MemorySegment h = call.allocate(ValueLayout.JAVA_INT, 4);
            if (TurboJpeg.tjDecompressHeader3(handle, jpeg, jpeg.byteSize(), h, h.asSlice(4), h.asSlice(8),
                    h.asSlice(12)) != 0) {
                throw failure();
            }
            jpegWidth = h.getAtIndex(ValueLayout.JAVA_INT, 0);
            jpegHeight = h.getAtIndex(ValueLayout.JAVA_INT, 1);
        }
        if (jpegWidth != width || jpegHeight != height) {
            throw new IOException("libjpeg reads the JPEG as " + jpegWidth + "x" + jpegHeight + ", not " + width
                    + "x" + height);
        }
        int flags = TurboJpeg.TJFLAG_STOPONWARNING | switch (quality) {
            case FAST -> TurboJpeg.TJFLAG_FASTDCT | TurboJpeg.TJFLAG_FASTUPSAMPLE;
            case ACCURATE -> TurboJpeg.TJFLAG_ACCURATEDCT;
        };
        if (TurboJpeg.tjDecompress2(handle, jpeg, jpeg.byteSize(), pixels, width, stride, height,
                TurboJpeg.TJPF_BGRX, flags) != 0) {
            throw failure();
        }
    }

    /** @return the handle's error, after replacing the handle */
    private IOException failure() {
        String message = TurboJpeg.tjGetErrorStr2(handle).reinterpret(ERROR_STRING_MAX).getString(0);
        TurboJpeg.tjDestroy(handle);
        handle = newHandle();
        return new IOException(message);
    }
}
