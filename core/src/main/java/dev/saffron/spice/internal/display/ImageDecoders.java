package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.BitmapDecoder;
import dev.saffron.spice.internal.codec.GlzDecoder;
import dev.saffron.spice.internal.codec.GlzWindow;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.codec.JpegAlphaDecoder;
import dev.saffron.spice.internal.codec.JpegDecoder;
import dev.saffron.spice.internal.codec.Lz4Decoder;
import dev.saffron.spice.internal.codec.LzDecoder;
import dev.saffron.spice.internal.codec.LzHeader;
import dev.saffron.spice.internal.codec.LzImageType;
import dev.saffron.spice.internal.codec.QuicDecoder;
import dev.saffron.spice.internal.jfr.ImageDecodedEvent;
import dev.saffron.spice.internal.jfr.SaffronEvents;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One thread's set of image codecs: the codecs keep scratch arrays, an inflater and a native JPEG handle
 * between images, so none is shared. The channel's reader has one (through its {@link ImageReader}), and so
 * does each worker of its {@link DecodeStage}; each closes its own.
 */
final class ImageDecoders implements AutoCloseable {
    private final QuicDecoder quic;
    private final LzDecoder lz;
    private final GlzDecoder glz;
    private final Lz4Decoder lz4;
    private final BitmapDecoder bitmaps;
    /**
     * Made at the first JPEG image, null until then: making one binds libturbojpeg through FFM and starts
     * ImageIO's JPEG reader, a cost at every start that sessions without JPEG (a LAN screenshot) never repay.
     */
    private JpegDecoder jpeg;
    private JpegAlphaDecoder jpegAlpha;
    private final ImageLimits limits;
    private final AtomicLongArray decodedByType;

    /**
     * @param glzWindow     the session's GLZ dictionary
     * @param limits        the largest image accepted
     * @param glzWait       how long a GLZ image waits for an earlier one it refers to
     * @param decodedByType where each decoded image is counted, by SpiceImage type
     */
    ImageDecoders(GlzWindow glzWindow, ImageLimits limits, Duration glzWait, AtomicLongArray decodedByType) {
        this.quic = new QuicDecoder(limits.maxPixels());
        this.lz = new LzDecoder(limits);
        this.glz = new GlzDecoder(glzWindow, limits, glzWait);
        this.lz4 = new Lz4Decoder(limits);
        this.bitmaps = new BitmapDecoder(limits.maxPixels());
        this.limits = limits;
        this.decodedByType = decodedByType;
    }

    QuicDecoder quic() {
        return quic;
    }

    LzDecoder lz() {
        return lz;
    }

    GlzDecoder glz() {
        return glz;
    }

    Lz4Decoder lz4() {
        return lz4;
    }

    JpegDecoder jpeg() {
        if (jpeg == null) {
            jpeg = new JpegDecoder(limits.maxPixels());
            jpegAlpha = new JpegAlphaDecoder(jpeg, this::decodeAlphaPlane);
        }
        return jpeg;
    }

    private JpegAlphaDecoder jpegAlpha() {
        jpeg();
        return jpegAlpha;
    }

    /**
     * Decodes a prepared image into {@code target}, which has the image's size.
     *
     * @throws ImageDecodeException if the codec refuses the data
     * @throws InterruptedException if the channel closes while a GLZ image waits for one it refers to
     */
    void decode(PreparedImage image, PixelBuffer target) throws ImageDecodeException, InterruptedException {
        ImageDecodedEvent event = SaffronEvents.imageDecodeStarted();
        switch (image) {
            case PreparedImage.Quic quicImage ->
                    quic.decode(quicImage.data(), quicImage.header(), target.segment(), target.offset(),
                            target.stride());
            case PreparedImage.Lz lzImage ->
                    lz.decode(lzImage.header(), lzImage.data(), lzImage.palette(), target.segment(), target.offset(),
                            target.stride());
            case PreparedImage.Bitmap bitmap ->
                    bitmaps.decode(bitmap.header(), bitmap.palette(), bitmap.data(), bitmap.highBitsSet(), target);
            case PreparedImage.Jpeg jpegImage -> jpeg().decode(jpegImage.data(), target);
            // The scratch and cache buffers may be made without alpha; this image fills it in.
            case PreparedImage.JpegAlpha alpha -> jpegAlpha().decode(alpha.data(), alpha.jpegSize(), alpha.topDown(),
                    new PixelBuffer(target.segment(), target.offset(), target.width(), target.height(),
                            target.stride(), true));
            case PreparedImage.Glz glzImage -> glz.decode(glzImage.header(), glzImage.data(), target.segment(),
                    target.offset(), target.stride());
            case PreparedImage.Lz4 lz4Image -> lz4.decode(lz4Image.header(), lz4Image.data(), target.segment(),
                    target.offset(), target.stride());
        }
        decodedByType.incrementAndGet(image.type());
        if (event != null) {
            event.finish(ImageReader.codecName(image.type()), target.width(), target.height(),
                    image.data().byteSize());
        }
    }

    /** The alpha plane of a JPEG_ALPHA image: an LZ stream of alpha bytes the size of the JPEG. */
    private void decodeAlphaPlane(MemorySegment stream, boolean topDown, PixelBuffer dst)
            throws ImageDecodeException {
        LzHeader header = lz.parseHeader(stream);
        ImageReader.requireSize(header.width(), header.height(), dst.width(), dst.height(), "JPEG_ALPHA alpha");
        if (header.type() != LzImageType.XXXA || header.topDown() != topDown) {
            throw new ImageDecodeException("JPEG_ALPHA alpha stream is " + header.type()
                    + (header.topDown() ? " top-down" : " bottom-up") + ", not XXXA in the image's row order");
        }
        lz.decodeAlpha(header, stream, dst.segment(), dst.offset(), dst.stride());
    }

    /** Frees the inflater and the native JPEG decoder, if one was made. */
    @Override
    public void close() {
        glz.close();
        if (jpeg != null) {
            jpeg.close();
        }
    }
}
