package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import dev.saffron.spice.spi.JpegDecompressor;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes the JPEGs SPICE sends (JPEG images, the colour part of JPEG_ALPHA, MJPEG stream frames) into
 * 32-bit pixels, top row first, as spice-gtk decodes them.
 *
 * <p>spice-gtk decodes with libjpeg-turbo: JPEG images with libjpeg's defaults (accurate inverse DCT, smooth
 * chroma upsampling), MJPEG frames with the fast inverse DCT and chroma upsampling by repetition. When a
 * {@link dev.saffron.spice.spi.JpegDecoderProvider} is installed (the native-bindings module's libturbojpeg)
 * and the destination is native memory, it decodes with those same settings, straight into the destination.
 *
 * <p>Otherwise the JDK's ImageIO reader (the IJG libjpeg inside the JDK) does the entropy decoding, inverse
 * DCT and chroma upsampling; its raw component samples are then converted here with libjpeg's fixed-point
 * JFIF equations. Reading raw samples rather than an RGB image keeps ImageIO's colour management (embedded
 * ICC profiles, its own colour-space guesses) out of the result. Against libjpeg-turbo's {@code djpeg} this
 * is bit-exact for 4:2:0, 4:2:2, 4:4:4 and grey JPEGs; only 4:4:0 differs, where libjpeg-turbo upsamples
 * vertically with a filter and the JDK's libjpeg by repetition. ImageIO has no fast mode, so MJPEG frames
 * come out different from what spice-gtk shows, mostly at colour edges: about 37 to 49 dB PSNR on sample
 * screens and photos, but only 20 to 22 dB on the saturated colour bars of the tests' animated guest.
 *
 * <p>Headers are read and checked here before either decoder sees the data, so an oversized, progressive or
 * malformed image is refused without being decoded. Damaged data is refused as a whole: libjpeg repairs a
 * truncated stream (even one missing only its end marker) or a corrupt one it notices with a warning and
 * grey fill, and any such warning fails the decode here, leaving the destination partly written. Damage
 * that still decodes, such as a flipped bit, gives wrong pixels: JPEG has no checksum.
 *
 * <p>The colour of opaque pixels is in the low 24 bits. The top byte carries no meaning: ImageIO's path
 * leaves it 0, as spice-gtk's image decoder does; libturbojpeg sets it to 255, as for spice-gtk's frames.
 *
 * <p>Reuse one decoder per thread: it holds an ImageIO reader and perhaps a native decompressor, which
 * {@link #close()} frees with the native copy of its input. Not thread-safe.
 */
public final class JpegDecoder implements AutoCloseable {
    /** Largest pixel limit a decoder accepts: the decoded samples (three bytes a pixel) fill one Java array. */
    public static final long MAX_PIXEL_LIMIT = (Integer.MAX_VALUE - 8) / 3;

    private static final int SCALE_BITS = 16;
    private static final int HALF = 1 << (SCALE_BITS - 1);
    private static final int[] RED_FROM_CR = new int[256];
    private static final int[] BLUE_FROM_CB = new int[256];
    private static final int[] GREEN_FROM_CR = new int[256];
    private static final int[] GREEN_FROM_CB = new int[256];

    static {
        // JFIF: R = Y + 1.402 Cr', G = Y - 0.34414 Cb' - 0.71414 Cr', B = Y + 1.772 Cb', with C' = C - 128,
        // in 16-bit fixed point rounded as libjpeg rounds, so results match it exactly.
        for (int i = 0; i < 256; i++) {
            int c = i - 128;
            RED_FROM_CR[i] = (fixed(1.40200) * c + HALF) >> SCALE_BITS;
            BLUE_FROM_CB[i] = (fixed(1.77200) * c + HALF) >> SCALE_BITS;
            GREEN_FROM_CR[i] = -fixed(0.71414) * c;
            GREEN_FROM_CB[i] = -fixed(0.34414) * c + HALF;
        }
    }

    private final long maxPixels;
    private final JpegDecompressor nativeDecoder;
    private final ImageReader reader;
    /** The JPEG copied to native memory for the native decoder, when it comes on the heap; grows as needed. */
    private MemorySegment nativeInput = MemorySegment.NULL;
    /** Owns {@link #nativeInput}; closed when it grows and when the decoder closes. */
    private Arena nativeInputArena;
    private String warning;
    private int[] rowPixels = new int[0];

    /**
     * A decoder that uses the native decoder when one is installed, ImageIO otherwise.
     *
     * @param maxPixels the most pixels (width times height) an image may have, 1 to {@link #MAX_PIXEL_LIMIT}
     * @throws IllegalArgumentException if maxPixels is out of range
     * @throws IllegalStateException    if the JDK has no JPEG reader
     */
    public JpegDecoder(long maxPixels) {
        this(maxPixels, NativeJpeg.open().orElse(null));
    }

    /**
     * @param maxPixels as for {@link #JpegDecoder(long)}
     * @return a decoder that always uses ImageIO, to compare the two
     */
    public static JpegDecoder withImageIo(long maxPixels) {
        return new JpegDecoder(maxPixels, null);
    }

    private JpegDecoder(long maxPixels, JpegDecompressor nativeDecoder) {
        this.nativeDecoder = nativeDecoder;
        if (maxPixels < 1 || maxPixels > MAX_PIXEL_LIMIT) {
            throw new IllegalArgumentException("maxPixels must be 1.." + MAX_PIXEL_LIMIT + ": " + maxPixels);
        }
        this.maxPixels = maxPixels;
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO JPEG reader");
        }
        reader = readers.next();
        reader.addIIOReadWarningListener(new IIOReadWarningListener() {
            @Override
            public void warningOccurred(ImageReader source, String message) {
                if (warning == null) {
                    warning = message;
                }
            }
        });
    }

    /** @return whether this decoder decodes into native memory with a native library, as spice-gtk does */
    public boolean isNative() {
        return nativeDecoder != null;
    }

    /**
     * Reads and checks a JPEG's headers without decoding it.
     *
     * @param data the JPEG, exactly; not retained
     * @return its size and colour space
     * @throws ImageDecodeException if the data is not a JPEG, its headers are cut short or malformed, it is
     *                              not a sequential 8-bit JPEG with one or three components, or it is over
     *                              this decoder's pixel limit
     */
    public JpegHeader readHeader(MemorySegment data) throws ImageDecodeException {
        return JpegHeaderReader.read(data, maxPixels);
    }

    /**
     * Decodes a JPEG image into {@code dst}, as spice-gtk decodes JPEG images: accurate inverse DCT, smooth
     * chroma upsampling. {@code dst} must be the size the image should have: a SPICE image's descriptor size
     * (spice-common refuses a JPEG of another size).
     *
     * @param data the JPEG, exactly; not retained
     * @param dst  where the pixels go
     * @throws ImageDecodeException     if {@link #readHeader} refuses the data, the image is not the size of
     *                                  {@code dst}, or its data is truncated or corrupt
     * @throws IllegalArgumentException if {@code dst} is read-only
     */
    public void decode(MemorySegment data, PixelBuffer dst) throws ImageDecodeException {
        decode(data, dst, JpegDecompressor.Quality.ACCURATE);
    }

    /**
     * Decodes an MJPEG frame into {@code dst}, as spice-gtk decodes stream frames: fast inverse DCT, chroma
     * upsampling by repetition (with ImageIO, as {@link #decode}). {@code dst} must be the size
     * {@link #readHeader} reported.
     *
     * @throws ImageDecodeException     as for {@link #decode}
     * @throws IllegalArgumentException as for {@link #decode}
     */
    public void decodeFrame(MemorySegment data, PixelBuffer dst) throws ImageDecodeException {
        decode(data, dst, JpegDecompressor.Quality.FAST);
    }

    private void decode(MemorySegment data, PixelBuffer dst, JpegDecompressor.Quality quality)
            throws ImageDecodeException {
        Objects.requireNonNull(dst, "dst");
        if (dst.segment().isReadOnly()) {
            throw new IllegalArgumentException("destination is read-only");
        }
        JpegHeader header = readHeader(data);
        if (header.width() != dst.width() || header.height() != dst.height()) {
            throw new ImageDecodeException("JPEG is " + header.width() + "x" + header.height() + " but "
                    + dst.width() + "x" + dst.height() + " was expected");
        }
        if (nativeDecoder != null && dst.segment().isNative()) {
            decodeNatively(data, dst, quality);
            return;
        }
        Raster raster = readRaster(data);
        if (raster.getWidth() != header.width() || raster.getHeight() != header.height()
                || raster.getNumBands() != header.components()) {
            throw new ImageDecodeException("JPEG decoded to " + raster.getWidth() + "x" + raster.getHeight()
                    + " with " + raster.getNumBands() + " bands, not as its header says");
        }
        writePixels(raster, header.colorSpace(), dst);
    }

    private void decodeNatively(MemorySegment data, PixelBuffer dst, JpegDecompressor.Quality quality)
            throws ImageDecodeException {
        MemorySegment input = data;
        if (!data.isNative()) {
            if (nativeInput.byteSize() < data.byteSize()) {
                long size = Math.max(data.byteSize(), 2 * nativeInput.byteSize());
                freeNativeInput();
                nativeInputArena = Arena.ofShared();
                nativeInput = nativeInputArena.allocate(size);
            }
            input = nativeInput.asSlice(0, data.byteSize()).copyFrom(data);
        }
        long end = dst.height() == 0 ? dst.offset()
                : dst.offset() + (long) (dst.height() - 1) * dst.stride() + 4L * dst.width();
        try {
            nativeDecoder.decompress(input, dst.segment().asSlice(dst.offset(), end - dst.offset()), dst.width(),
                    dst.height(), dst.stride(), quality);
        } catch (IOException e) {
            throw new ImageDecodeException("JPEG decoding failed: " + e.getMessage());
        }
    }

    /** Frees the native decompressor and the native copy of the input; the decoder is unusable after. */
    @Override
    public void close() {
        if (nativeDecoder != null) {
            nativeDecoder.close();
        }
        freeNativeInput();
        reader.dispose();
    }

    private void freeNativeInput() {
        if (nativeInputArena != null) {
            nativeInputArena.close();
            nativeInputArena = null;
        }
    }

    private Raster readRaster(MemorySegment data) throws ImageDecodeException {
        warning = null;
        try (SegmentImageInputStream in = new SegmentImageInputStream(data)) {
            reader.setInput(in, true, true);
            Raster raster = reader.readRaster(0, null);
            if (warning != null) {
                throw new ImageDecodeException("damaged JPEG: " + warning);
            }
            return raster;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports some malformed streams with unchecked exceptions (illegal arguments, raster
            // sizes), and those come from the data, not from a bug here.
            throw new ImageDecodeException("JPEG decoding failed: " + e.getMessage());
        } finally {
            reader.setInput(null);
        }
    }

    private void writePixels(Raster raster, JpegColorSpace colorSpace, PixelBuffer dst) {
        if (!(raster.getSampleModel() instanceof ComponentSampleModel model)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            throw new IllegalStateException("unexpected raster layout from the JPEG reader: " + raster);
        }
        byte[] samples = buffer.getData();
        int pixelStride = model.getPixelStride();
        int rowStride = model.getScanlineStride();
        int[] bandOffsets = model.getBandOffsets();
        int width = raster.getWidth();
        if (rowPixels.length < width) {
            rowPixels = new int[width];
        }
        int[] row = rowPixels;
        for (int y = 0; y < raster.getHeight(); y++) {
            int start = buffer.getOffset() + y * rowStride;
            switch (colorSpace) {
                case GRAY -> {
                    for (int x = 0, i = start + bandOffsets[0]; x < width; x++, i += pixelStride) {
                        int v = samples[i] & 0xFF;
                        row[x] = v << 16 | v << 8 | v;
                    }
                }
                case RGB -> {
                    int r = start + bandOffsets[0];
                    int g = start + bandOffsets[1];
                    int b = start + bandOffsets[2];
                    for (int x = 0, i = 0; x < width; x++, i += pixelStride) {
                        row[x] = (samples[r + i] & 0xFF) << 16 | (samples[g + i] & 0xFF) << 8 | samples[b + i] & 0xFF;
                    }
                }
                case YCBCR -> {
                    int yIndex = start + bandOffsets[0];
                    int cbIndex = start + bandOffsets[1];
                    int crIndex = start + bandOffsets[2];
                    for (int x = 0, i = 0; x < width; x++, i += pixelStride) {
                        int luma = samples[yIndex + i] & 0xFF;
                        int cb = samples[cbIndex + i] & 0xFF;
                        int cr = samples[crIndex + i] & 0xFF;
                        int red = clamp(luma + RED_FROM_CR[cr]);
                        int green = clamp(luma + ((GREEN_FROM_CB[cb] + GREEN_FROM_CR[cr]) >> SCALE_BITS));
                        int blue = clamp(luma + BLUE_FROM_CB[cb]);
                        row[x] = red << 16 | green << 8 | blue;
                    }
                }
            }
            MemorySegment.copy(row, 0, dst.segment(), PixelBuffer.PIXEL, dst.offset() + (long) y * dst.stride(),
                    width);
        }
    }

    private static int fixed(double value) {
        return (int) (value * (1 << SCALE_BITS) + 0.5);
    }

    private static int clamp(int value) {
        return value < 0 ? 0 : Math.min(value, 255);
    }
}
