package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.Bytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Writes the seed corpora of the fuzz tests: small valid inputs made with the test encoders, in each fuzz
 * test's input layout, into the {@code <TestClass>Inputs/<method>} resource directories that Jazzer replays in
 * every test run and mutates when fuzzing. Run by {@code scripts/fuzz seeds}; the files are committed, and
 * writing them again gives the same bytes.
 *
 * <p>Display message seeds use the wire numbers of the protocol reference (§4) directly, since the display
 * classes keep theirs package-private.
 */
final class FuzzSeedWriter {
    private static final String CODEC = "dev.saffron.spice.internal.codec";
    private static final String DISPLAY = "dev.saffron.spice.internal.display";

    private static final int IMAGE_BITMAP = 0;
    private static final int IMAGE_QUIC = 1;
    private static final int IMAGE_LZ_PLT = 100;
    private static final int IMAGE_LZ_RGB = 101;
    private static final int IMAGE_GLZ_RGB = 102;
    private static final int IMAGE_FROM_CACHE = 103;
    private static final int IMAGE_SURFACE = 104;
    private static final int IMAGE_JPEG = 105;
    private static final int IMAGE_ZLIB_GLZ_RGB = 107;
    private static final int IMAGE_JPEG_ALPHA = 108;
    private static final int IMAGE_LZ4 = 109;
    private static final int IMAGE_CACHE_ME = 1;
    private static final int PALETTE_CACHE_ME = 1;
    private static final int PALETTE_FROM_CACHE = 2;
    private static final int BITMAP_TOP_DOWN = 4;

    /** Indices into {@code DisplayChannelFuzzTest.TYPES}. */
    private static final int MODE = 0;
    private static final int MARK = 1;
    private static final int RESET = 2;
    private static final int INVAL_LIST = 4;
    private static final int INVAL_ALL_PIXMAPS = 5;
    private static final int INVAL_PALETTE = 6;
    private static final int DRAW_FILL = 8;
    private static final int DRAW_COPY = 9;
    private static final int SURFACE_CREATE = 10;
    private static final int SURFACE_DESTROY = 11;
    private static final int MONITORS_CONFIG = 12;
    private static final int ROP_PUT = 8;
    private static final int FORMAT_XRGB = 32;
    /** Bytes of a DRAW_COPY body before its image: base (21), source pointer, area, rop, scale mode. */
    private static final int DRAW_COPY_FIXED = 44;

    private final Path resources;

    private FuzzSeedWriter(Path resources) {
        this.resources = resources;
    }

    /** @param args the test resources directory, {@code core/src/test/resources} */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FuzzSeedWriter TEST_RESOURCES_DIR");
        }
        FuzzSeedWriter writer = new FuzzSeedWriter(Path.of(args[0]));
        writer.clear();
        writer.quic();
        writer.lz();
        writer.glz();
        writer.lz4();
        writer.bitmap();
        writer.jpeg();
        writer.imageReader();
        writer.displayChannel();
        writer.channelConnection();
        writer.wireReader();
    }

    // ---- codecs ----------------------------------------------------------------------------------------

    private void quic() {
        write(CODEC, "QuicDecoderFuzzTest", "decode", "rgb32-gradient", quicImage(QuicImageType.RGB32, 8, 6,
                TestImages.Kind.GRADIENT, 0xFFFFFF));
        write(CODEC, "QuicDecoderFuzzTest", "decode", "rgb24-noise", quicImage(QuicImageType.RGB24, 5, 3,
                TestImages.Kind.NOISE, 0xFFFFFF));
        write(CODEC, "QuicDecoderFuzzTest", "decode", "rgb16-runs", quicImage(QuicImageType.RGB16, 24, 4,
                TestImages.Kind.RUNS, 0x7FFF));
        write(CODEC, "QuicDecoderFuzzTest", "decode", "rgba-tiles", quicImage(QuicImageType.RGBA, 7, 7,
                TestImages.Kind.TILES, 0xFFFFFFFF));
    }

    private static byte[] quicImage(QuicImageType type, int width, int height, TestImages.Kind kind, int mask) {
        return QuicTestEncoder.encode(type, width, height, TestImages.units(kind, width, height, mask, width));
    }

    private void lz() {
        write(CODEC, "LzDecoderFuzzTest", "decode", "rgb32-gradient",
                withPrefix(0, lzImage(LzImageType.RGB32, 8, 6, TestImages.Kind.GRADIENT, 0xFFFFFF)));
        write(CODEC, "LzDecoderFuzzTest", "decode", "rgb24-tiles",
                withPrefix(0, lzImage(LzImageType.RGB24, 9, 5, TestImages.Kind.TILES, 0xFFFFFF)));
        write(CODEC, "LzDecoderFuzzTest", "decode", "rgb16-runs",
                withPrefix(0, lzImage(LzImageType.RGB16, 12, 3, TestImages.Kind.RUNS, 0x7FFF)));
        write(CODEC, "LzDecoderFuzzTest", "decode", "rgba-noise",
                withPrefix(0, lzImage(LzImageType.RGBA, 4, 4, TestImages.Kind.NOISE, 0xFFFFFFFF)));
        write(CODEC, "LzDecoderFuzzTest", "decode", "a8-gradient",
                withPrefix(0, lzImage(LzImageType.A8, 6, 2, TestImages.Kind.GRADIENT, 0xFF)));
        write(CODEC, "LzDecoderFuzzTest", "decode", "plt8", withPrefix(16, lzImage(LzImageType.PLT8, 6, 4,
                TestImages.Kind.RUNS, 0x0F)));
        write(CODEC, "LzDecoderFuzzTest", "decode", "plt4-be", withPrefix(16, lzImage(LzImageType.PLT4_BE, 7, 3,
                TestImages.Kind.NOISE, 0xFF)));
        write(CODEC, "LzDecoderFuzzTest", "decode", "plt1-le", withPrefix(2, lzImage(LzImageType.PLT1_LE, 10, 2,
                TestImages.Kind.NOISE, 0xFF)));
        write(CODEC, "LzAlphaPlaneFuzzTest", "decode", "xxxa-top-down",
                lzImage(LzImageType.XXXA, 8, 4, TestImages.Kind.GRADIENT, 0xFF));
        write(CODEC, "LzAlphaPlaneFuzzTest", "decode", "xxxa-runs",
                lzImage(LzImageType.XXXA, 20, 3, TestImages.Kind.RUNS, 0xFF));
    }

    /** An LZ stream; palette types code {@code mask}ed bytes, their stride the bytes that hold a row. */
    private static byte[] lzImage(LzImageType type, int width, int height, TestImages.Kind kind, int mask) {
        int stride = type.isPalette() ? (width + type.pixelsPerByte() - 1) / type.pixelsPerByte()
                : width * type.bytesPerPixel();
        int units = type.isPalette() ? stride : width;
        return new LzTestEncoder().encode(type, width, height, stride, true,
                TestImages.units(kind, units, height, mask, width));
    }

    private void glz() {
        GlzTestEncoder encoder = new GlzTestEncoder(false);
        int[] first = TestImages.units(TestImages.Kind.GRADIENT, 16, 8, 0xFFFFFF, 1);
        int[] second = first.clone();
        Arrays.fill(second, 40, 60, 0x123456);
        write(CODEC, "GlzDecoderFuzzTest", "decode", "rgb32-two-images", chunks(
                encoder.encode(LzImageType.RGB32, 16, 8, true, first, 0, 0),
                encoder.encode(LzImageType.RGB32, 16, 8, true, second, 1, 1)));
        GlzTestEncoder longOffsets = new GlzTestEncoder(true);
        int[] rgba = TestImages.units(TestImages.Kind.TILES, 8, 8, 0xFFFFFFFF, 2);
        write(CODEC, "GlzDecoderFuzzTest", "decode", "rgba-long-offsets", chunks(
                longOffsets.encode(LzImageType.RGBA, 8, 8, false, rgba, 5, 0),
                longOffsets.encode(LzImageType.RGBA, 8, 8, true, rgba, 6, 1)));
        write(CODEC, "GlzDecoderFuzzTest", "decode", "rgb16-and-rgb24", chunks(
                encoder.encode(LzImageType.RGB16, 9, 3, true, TestImages.units(TestImages.Kind.RUNS, 9, 3, 0x7FFF, 3),
                        2, 0),
                encoder.encode(LzImageType.RGB24, 5, 5, true, TestImages.units(TestImages.Kind.NOISE, 5, 5,
                        0xFFFFFF, 4), 3, 1)));
        byte[] stream = new GlzTestEncoder(false).encode(LzImageType.RGB32, 12, 4, true,
                TestImages.units(TestImages.Kind.TILES, 12, 4, 0xFFFFFF, 5), 0, 0);
        write(CODEC, "ZlibGlzFuzzTest", "decode", "rgb32",
                new Bytes().raw(ByteBuffer.allocate(4).putInt(stream.length).array()).raw(zlib(stream)).bytes());
    }

    /** GLZ streams for {@code GlzDecoderFuzzTest.decode}: each after its length as a big-endian u16. */
    private static byte[] chunks(byte[]... streams) {
        Bytes out = new Bytes();
        for (byte[] stream : streams) {
            out.raw(ByteBuffer.allocate(2).putShort((short) stream.length).array()).raw(stream);
        }
        return out.bytes();
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private void lz4() {
        write(CODEC, "Lz4DecoderFuzzTest", "decode", "rgb32-blocks", lz4Image(Lz4Header.Format.RGB32, 8, 8, 48));
        write(CODEC, "Lz4DecoderFuzzTest", "decode", "rgb24", lz4Image(Lz4Header.Format.RGB24, 5, 3, 1000));
        write(CODEC, "Lz4DecoderFuzzTest", "decode", "rgb16-blocks", lz4Image(Lz4Header.Format.RGB16, 6, 4, 16));
        write(CODEC, "Lz4DecoderFuzzTest", "decode", "rgba", lz4Image(Lz4Header.Format.RGBA, 4, 4, 1000));
    }

    /** The descriptor size as {@code Lz4DecoderFuzzTest} takes it, then a payload of repetitive rows. */
    private static byte[] lz4Image(Lz4Header.Format format, int width, int height, int blockSize) {
        int rowBytes = width * format.bytesPerPixel();
        byte[] packed = new byte[rowBytes * height];
        SplittableRandom random = new SplittableRandom(width);
        for (int i = 0; i < packed.length; i++) {
            packed[i] = i >= rowBytes && random.nextInt(4) != 0 ? packed[i - rowBytes] : (byte) random.nextInt();
        }
        byte[] payload = new Lz4TestWriter().payload(true, format.wireValue(), packed, blockSize);
        return new Bytes().u8(width - 1).u8(height - 1).raw(payload).bytes();
    }

    private void bitmap() {
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "rgb32", bitmapSeed(BitmapFormat.RGB32, 0, 4, 3, 16, false,
                randomBytes(48, 1), null));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "rgb32-high-bits", bitmapSeed(BitmapFormat.RGB32,
                BITMAP_TOP_DOWN, 2, 2, 8, true, randomBytes(16, 2), null));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "rgb24-padded", bitmapSeed(BitmapFormat.RGB24, 0, 3, 2, 12,
                false, randomBytes(24, 3), null));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "rgb16", bitmapSeed(BitmapFormat.RGB16, BITMAP_TOP_DOWN, 3,
                3, 6, false, randomBytes(18, 4), null));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "rgba", bitmapSeed(BitmapFormat.RGBA, 0, 2, 2, 8, false,
                randomBytes(16, 5), null));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "alpha8", bitmapSeed(BitmapFormat.ALPHA8, 0, 4, 2, 4,
                false, randomBytes(8, 6), null));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "palette8", bitmapSeed(BitmapFormat.PALETTE_8,
                BITMAP_TOP_DOWN, 5, 2, 8, false, randomBytes(16, 7), palette(9, 256)));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "palette4-le", bitmapSeed(BitmapFormat.PALETTE_4_LE, 0, 5,
                2, 3, false, randomBytes(6, 8), palette(10, 16)));
        write(CODEC, "BitmapDecoderFuzzTest", "decode", "palette1-be", bitmapSeed(BitmapFormat.PALETTE_1_BE, 0, 9,
                2, 2, true, randomBytes(4, 9), palette(11, 2)));
    }

    /**
     * The layout {@code BitmapDecoderFuzzTest} takes: its prefix, then the data, then the palette (if any)
     * right after the data.
     */
    private static byte[] bitmapSeed(BitmapFormat format, int flags, int width, int height, int stride,
                                     boolean highBits, byte[] data, byte[] palette) {
        return new Bytes().u8(format.wireValue()).u8(flags).u8(width).u8(height).u16(stride).u8(highBits ? 1 : 0)
                .u8(palette == null ? 0 : data.length).raw(data).raw(palette == null ? new byte[0] : palette)
                .bytes();
    }

    /** A SpicePalette: u64 id, u16 count, u32 entries. */
    private static byte[] palette(long id, int count) {
        Bytes out = new Bytes().u64(id).u16(count);
        for (int i = 0; i < count; i++) {
            out.u32(i * 0x030507L & 0xFFFFFF);
        }
        return out.bytes();
    }

    private void jpeg() {
        byte[] photo = JpegFixtures.encode(JpegFixtures.photo(16, 16, 1), 0.75f, false);
        write(CODEC, "JpegDecoderFuzzTest", "decode", "photo-16x16", photo);
        write(CODEC, "JpegDecoderFuzzTest", "decode", "screen-24x8",
                JpegFixtures.encode(JpegFixtures.screen(24, 8), 0.9f, false));
        BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setDataElements(0, 0, 8, 8, randomBytes(64, 10));
        write(CODEC, "JpegDecoderFuzzTest", "decode", "gray-8x8", JpegFixtures.encode(gray, 0.8f, false));
        byte[] alpha = lzImage(LzImageType.XXXA, 16, 16, TestImages.Kind.GRADIENT, 0xFF);
        write(CODEC, "JpegAlphaDecoderFuzzTest", "decode", "photo-with-alpha", new Bytes().u8(1)
                .raw(ByteBuffer.allocate(2).putShort((short) photo.length).array()).raw(photo).raw(alpha).bytes());
    }

    // ---- display messages ------------------------------------------------------------------------------

    private void imageReader() {
        byte[] quic = quicImage(QuicImageType.RGB32, 8, 6, TestImages.Kind.GRADIENT, 0xFFFFFF);
        writeImages("quic", base -> sized(descriptor(1, IMAGE_QUIC, 0, 8, 6), quic));
        writeImages("lz-rgb", base -> sized(descriptor(2, IMAGE_LZ_RGB, 0, 9, 5),
                lzImage(LzImageType.RGB24, 9, 5, TestImages.Kind.TILES, 0xFFFFFF)));
        byte[] plt = lzImage(LzImageType.PLT8, 6, 4, TestImages.Kind.RUNS, 0x0F);
        writeImages("lz-plt", base -> {
            Bytes image = new Bytes().raw(descriptor(3, IMAGE_LZ_PLT, 0, 6, 4)).u8(PALETTE_CACHE_ME).u32(plt.length);
            image.u32(base + image.size() + 4 + plt.length).raw(plt).raw(palette(12, 16));
            return image.bytes();
        });
        byte[] pixels = randomBytes(5 * 2, 11);
        writeImages("bitmap-palette-cached", base -> {
            Bytes image = new Bytes().raw(descriptor(4, IMAGE_BITMAP, 0, 5, 2)).u8(BitmapFormat.PALETTE_8.wireValue())
                    .u8(PALETTE_CACHE_ME | BITMAP_TOP_DOWN).u32(5).u32(2).u32(5);
            image.u32(base + image.size() + 4 + pixels.length).raw(pixels).raw(palette(13, 256));
            return image.bytes();
        }, base -> new Bytes().raw(descriptor(5, IMAGE_BITMAP, 0, 5, 2)).u8(BitmapFormat.PALETTE_8.wireValue())
                .u8(PALETTE_FROM_CACHE).u32(5).u32(2).u32(5).u64(13).raw(pixels).bytes());
        writeImages("bitmap-rgb32", base -> new Bytes().raw(descriptor(6, IMAGE_BITMAP, 0, 3, 2))
                .u8(BitmapFormat.RGB32.wireValue()).u8(0).u32(3).u32(2).u32(12).u32(0).raw(randomBytes(24, 12))
                .bytes());
        writeImages("cache-me-then-from-cache", base -> sized(descriptor(7, IMAGE_QUIC, IMAGE_CACHE_ME, 8, 6), quic),
                base -> descriptor(7, IMAGE_FROM_CACHE, 0, 8, 6));
        writeImages("surface", base -> new Bytes().raw(descriptor(8, IMAGE_SURFACE, 0, 16, 16)).u32(0).bytes());
        GlzTestEncoder glz = new GlzTestEncoder(false);
        int[] units = TestImages.units(TestImages.Kind.GRADIENT, 16, 8, 0xFFFFFF, 1);
        byte[] firstGlz = glz.encode(LzImageType.RGB32, 16, 8, true, units, 0, 0);
        byte[] secondGlz = glz.encode(LzImageType.RGB32, 16, 8, true, units, 1, 1);
        writeImages("glz-two-images", base -> sized(descriptor(9, IMAGE_GLZ_RGB, 0, 16, 8), firstGlz),
                base -> sized(descriptor(10, IMAGE_GLZ_RGB, 0, 16, 8), secondGlz));
        writeImages("zlib-glz", base -> new Bytes().raw(descriptor(11, IMAGE_ZLIB_GLZ_RGB, 0, 16, 8))
                .u32(firstGlz.length).raw(sizedData(zlib(firstGlz))).bytes());
        byte[] lz4 = lz4Image(Lz4Header.Format.RGB32, 8, 8, 48);
        writeImages("lz4", base -> sized(descriptor(12, IMAGE_LZ4, 0, 8, 8), Arrays.copyOfRange(lz4, 2, lz4.length)));
        byte[] jpeg = JpegFixtures.encode(JpegFixtures.photo(16, 16, 1), 0.75f, false);
        writeImages("jpeg", base -> sized(descriptor(13, IMAGE_JPEG, 0, 16, 16), jpeg));
        byte[] alpha = lzImage(LzImageType.XXXA, 16, 16, TestImages.Kind.GRADIENT, 0xFF);
        writeImages("jpeg-alpha", base -> new Bytes().raw(descriptor(14, IMAGE_JPEG_ALPHA, 0, 16, 16)).u8(1)
                .u32(jpeg.length).raw(sizedData(new Bytes().raw(jpeg).raw(alpha).bytes())).bytes());
    }

    /** Builds one image of a message body, given the body offset it will start at. */
    @FunctionalInterface
    private interface ImageAt {
        byte[] build(int base);
    }

    /** The layout {@code ImageReaderFuzzTest} takes: a count, a pointer and role per image, then the images. */
    private void writeImages(String name, ImageAt... images) {
        Bytes body = new Bytes().u8(images.length - 1);
        int base = 1 + 5 * images.length;
        byte[][] built = new byte[images.length][];
        for (int i = 0; i < images.length; i++) {
            built[i] = images[i].build(base);
            body.u32(base).u8(i);
            base += built[i].length;
        }
        for (byte[] image : built) {
            body.raw(image);
        }
        write(DISPLAY, "ImageReaderFuzzTest", "read", name, body.bytes());
    }

    /** A SpiceImage descriptor: u64 id, u8 type, u8 flags, u32 width, u32 height. */
    private static byte[] descriptor(long id, int type, int flags, int width, int height) {
        return new Bytes().u64(id).u8(type).u8(flags).u32(width).u32(height).bytes();
    }

    /** A descriptor followed by a u32 data size and the data. */
    private static byte[] sized(byte[] descriptor, byte[] data) {
        return new Bytes().raw(descriptor).raw(sizedData(data)).bytes();
    }

    private static byte[] sizedData(byte[] data) {
        return new Bytes().u32(data.length).raw(data).bytes();
    }

    private void displayChannel() {
        byte[] surface = message(SURFACE_CREATE, new Bytes().u32(0).u32(32).u32(32).u32(FORMAT_XRGB).u32(1).bytes());
        byte[] fill = message(DRAW_FILL, new Bytes().raw(drawBase(0, 2, 3, 20, 30)).u8(1).u32(0x00FF8040).u16(ROP_PUT)
                .bytes());
        byte[] quic = quicImage(QuicImageType.RGB24, 8, 6, TestImages.Kind.NOISE, 0xFFFFFF);
        byte[] copy = message(DRAW_COPY, new Bytes().raw(drawBase(0, 4, 4, 10, 12)).u32(DRAW_COPY_FIXED)
                .raw(rect(0, 0, 6, 8)).u16(ROP_PUT).u8(0).raw(sized(descriptor(21, IMAGE_QUIC, IMAGE_CACHE_ME, 8, 6),
                        quic)).bytes());
        byte[] fromCache = message(DRAW_COPY, new Bytes().raw(drawBase(0, 10, 0, 16, 8)).u32(DRAW_COPY_FIXED)
                .raw(rect(0, 0, 6, 8)).u16(ROP_PUT).u8(0).raw(descriptor(21, IMAGE_FROM_CACHE, 0, 8, 6)).bytes());
        byte[] clipped = message(DRAW_FILL, new Bytes().u32(0).raw(rect(0, 0, 32, 32)).u8(1).u32(2)
                .raw(rect(1, 1, 5, 5)).raw(rect(20, 20, 40, 40)).u8(1).u32(0x123456).u16(ROP_PUT).bytes());
        byte[] selfCopy = message(DRAW_COPY, new Bytes().raw(drawBase(0, 16, 16, 32, 32)).u32(DRAW_COPY_FIXED)
                .raw(rect(0, 0, 16, 16)).u16(ROP_PUT).u8(0).raw(descriptor(22, IMAGE_SURFACE, 0, 32, 32)).u32(0)
                .bytes());
        write("dev.saffron.spice", "DisplayChannelFuzzTest", "handleMessages", "surface-fill-copy-cache",
                concat(surface, fill, copy, fromCache, message(MARK, new byte[0])));
        write("dev.saffron.spice", "DisplayChannelFuzzTest", "handleMessages", "clip-and-self-copy",
                concat(surface, clipped, selfCopy, message(SURFACE_DESTROY, new Bytes().u32(0).bytes())));
        write("dev.saffron.spice", "DisplayChannelFuzzTest", "handleMessages", "mode-monitors-invalidations",
                concat(message(MODE, new Bytes().u32(16).u32(8).u32(32).bytes()),
                        message(MONITORS_CONFIG, new Bytes().u16(1).u16(1).u32(0).u32(0).u32(16).u32(8).u32(0).u32(0)
                                .u32(0).bytes()),
                        copy,
                        message(INVAL_LIST, new Bytes().u16(1).u8(0).u64(21).bytes()),
                        message(INVAL_PALETTE, new Bytes().u64(3).bytes()),
                        message(INVAL_ALL_PIXMAPS, new Bytes().u8(0).bytes()),
                        message(RESET, new byte[0])));
    }

    /** A message for {@code DisplayChannelFuzzTest}: type index, u16 length, body. */
    private static byte[] message(int typeIndex, byte[] body) {
        return new Bytes().u8(typeIndex).u16(body.length).raw(body).bytes();
    }

    /** SpiceMsgDisplayBase without clip rects: surface id, box, clip type none. */
    private static byte[] drawBase(int surfaceId, int top, int left, int bottom, int right) {
        return new Bytes().u32(surfaceId).raw(rect(top, left, bottom, right)).u8(0).bytes();
    }

    /** SpiceRect: top, left, bottom, right. */
    private static byte[] rect(int top, int left, int bottom, int right) {
        return new Bytes().u32(top).u32(left).u32(bottom).u32(right).bytes();
    }

    // ---- framing ---------------------------------------------------------------------------------------

    private void channelConnection() {
        String connection = "dev.saffron.spice.internal.channel";
        byte[] subList = new Bytes().u16(2).u32(10).u32(17).u16(201).u32(1).u8(0x41).u16(202).u32(2).u8(0x42)
                .u8(0x43).bytes();
        write(connection, "ChannelConnectionFuzzTest", "read", "mini-headers", concat(new byte[] {1},
                Bytes.miniMessage(101, new byte[] {1, 2, 3}),
                Bytes.miniMessage(3, new Bytes().u32(1).u32(2).bytes()),
                Bytes.miniMessage(4, new Bytes().u32(7).u64(123456).bytes()),
                Bytes.miniMessage(8, subList),
                Bytes.miniMessage(102, new byte[0])));
        Bytes body = new Bytes().u32(0xCAFE);
        int listOffset = body.size();
        body.u16(1).u32(listOffset + 6).u16(301).u32(1).u8(9);
        write(connection, "ChannelConnectionFuzzTest", "read", "full-header-sub-list", new Bytes().u8(0).u64(1)
                .u16(300).u32(body.size()).u32(listOffset).raw(body.bytes()).u64(2).u16(4).u32(12).u32(0).u32(9)
                .u64(99).bytes());
    }

    private void wireReader() {
        String wire = "dev.saffron.spice.internal.wire";
        write(wire, "WireReaderFuzzTest", "read", "scalars", concat(new byte[] {5, 0x00, 0x01, 0x02, 0x03, 0x04},
                randomBytes(24, 13)));
        write(wire, "WireReaderFuzzTest", "read", "counts-and-slices", concat(
                new byte[] {6, 0x25, 0x36, 0x47, (byte) 0x88, 0x0D, 0x09},
                new Bytes().u32(2).u16(1).u8(3).raw(randomBytes(16, 14)).bytes()));
        write(wire, "WireReaderFuzzTest", "read", "pointer-and-string", concat(new byte[] {3, 0x0E, (byte) 0x5B, 0x0A},
                new Bytes().u32(4).raw("name\0rest".getBytes(StandardCharsets.US_ASCII)).bytes()));
    }

    // ---- files -----------------------------------------------------------------------------------------

    private static byte[] randomBytes(int count, long seed) {
        byte[] bytes = new byte[count];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        return bytes;
    }

    private static byte[] withPrefix(int prefix, byte[] data) {
        return new Bytes().u8(prefix).raw(data).bytes();
    }

    private static byte[] concat(byte[]... parts) {
        Bytes out = new Bytes();
        for (byte[] part : parts) {
            out.raw(part);
        }
        return out.bytes();
    }

    /** Writes one seed into the test method's inputs directory. */
    private void write(String packageName, String testClass, String method, String name, byte[] seed) {
        Path dir = resources.resolve(packageName.replace('.', '/')).resolve(testClass + "Inputs").resolve(method);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every fuzz test's inputs directory, so that seeds no longer made disappear. */
    private void clear() {
        try (Stream<Path> all = Files.walk(resources)) {
            List<Path> doomed = all.filter(path -> path.toString().contains("FuzzTestInputs"))
                    .sorted(Comparator.reverseOrder()).toList();
            for (Path path : doomed) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
