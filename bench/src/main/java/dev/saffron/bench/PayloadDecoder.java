package dev.saffron.bench;

import dev.saffron.spice.internal.codec.BitmapDecoder;
import dev.saffron.spice.internal.codec.GlzDecoder;
import dev.saffron.spice.internal.codec.GlzWindow;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.codec.JpegDecoder;
import dev.saffron.spice.internal.codec.Lz4Decoder;
import dev.saffron.spice.internal.codec.LzDecoder;
import dev.saffron.spice.internal.codec.QuicDecoder;
import dev.saffron.spice.internal.display.PixelBuffer;
import dev.saffron.spice.internal.display.SharedDisplayState;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * Decodes {@link ImagePayload}s with the decoders a display channel's image reader holds, configured as a
 * default session configures them, into a caller's pixel buffer. Only the codec runs: no descriptor parsing,
 * caching or drawing. Not thread-safe.
 */
final class PayloadDecoder implements AutoCloseable {
    /** A reference to an image not in the window fails at once: every benchmark decodes in order. */
    private static final Duration NO_WAIT = Duration.ZERO;

    private final ImageLimits limits = ImageLimits.DEFAULT;
    private final QuicDecoder quic = new QuicDecoder(limits.maxPixels());
    private final LzDecoder lz = new LzDecoder(limits);
    private final GlzWindow window = SharedDisplayState.create(0, 0, 0).glzWindow();
    private final GlzDecoder glz = new GlzDecoder(window, limits, NO_WAIT);
    private final Lz4Decoder lz4 = new Lz4Decoder(limits);
    private final BitmapDecoder bitmaps = new BitmapDecoder(limits.maxPixels());
    private final JpegDecoder jpeg;

    /** Decodes JPEG as a session does: with libturbojpeg when it is present. */
    PayloadDecoder() {
        this(false);
    }

    /** @param imageIoJpeg whether JPEG goes through ImageIO even when libturbojpeg is present */
    PayloadDecoder(boolean imageIoJpeg) {
        jpeg = imageIoJpeg ? JpegDecoder.withImageIo(limits.maxPixels()) : new JpegDecoder(limits.maxPixels());
    }

    /**
     * Decodes one image into {@code target}, which must be exactly its size.
     *
     * @throws ImageDecodeException if the payload is malformed, or a GLZ image refers to one not decoded yet
     */
    void decode(ImagePayload payload, PixelBuffer target) throws ImageDecodeException, InterruptedException {
        MemorySegment dst = target.segment();
        switch (payload) {
            case ImagePayload.Quic p -> quic.decode(p.data(), quic.readHeader(p.data()), dst, target.offset(),
                    target.stride());
            case ImagePayload.Lz p -> lz.decode(lz.parseHeader(p.data()), p.data(), p.palette(), dst,
                    target.offset(), target.stride());
            case ImagePayload.Glz p -> {
                MemorySegment stream = p.inflatedSize() > 0 ? glz.inflate(p.data(), p.inflatedSize()) : p.data();
                glz.decode(glz.parseHeader(stream), stream, dst, target.offset(), target.stride());
            }
            case ImagePayload.Lz4 p -> lz4.decode(lz4.parseHeader(p.data(), p.width(), p.height()), p.data(), dst,
                    target.offset(), target.stride());
            case ImagePayload.Bitmap p -> bitmaps.decode(p.header(), p.palette(), p.data(), p.highBitsSet(), target);
            case ImagePayload.Jpeg p -> jpeg.decode(p.data(), target);
        }
    }

    /** Empties the GLZ window, as a new session starts with it empty. */
    void clearGlzWindow() {
        window.clear();
    }

    @Override
    public void close() {
        glz.close();
    }
}
