package dev.saffron.spice.internal.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Locale;

/**
 * A rough throughput probe for the LZ-family decoders, until the JMH benchmarks exist; not a test. It decodes
 * 1920x1080 images from native memory into a native surface and prints megapixels per second. GLZ allocates
 * every decoded image for its window, so without a pre-touched heap its numbers mostly measure the kernel
 * handing out fresh pages. Run after {@code mvn -pl core test-compile}:
 * <pre>java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp core/target/classes:core/target/test-classes \
 *     dev.saffron.spice.internal.codec.CodecThroughput</pre>
 */
public final class CodecThroughput {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;

    private CodecThroughput() {
    }

    /** @param args ignored */
    public static void main(String[] args) throws Exception {
        MemorySegment surface = Arena.global().allocate(4L * WIDTH * HEIGHT);
        LzDecoder lz = new LzDecoder(ImageLimits.DEFAULT);
        Lz4Decoder lz4 = new Lz4Decoder(ImageLimits.DEFAULT);
        for (TestImages.Kind kind : new TestImages.Kind[] {TestImages.Kind.NOISE, TestImages.Kind.GRADIENT,
                TestImages.Kind.TILES, TestImages.Kind.RUNS}) {
            int[] rgb = TestImages.units(kind, WIDTH, HEIGHT, 0xFFFFFF, 1);
            MemorySegment lzRgb = copy(new LzTestEncoder().encode(LzImageType.RGB32, WIDTH, HEIGHT, WIDTH * 4, true, rgb));
            report("LZ RGB32 " + kind, lzRgb.byteSize(), () -> lz.decode(lz.parseHeader(lzRgb), lzRgb, null, surface, 0, WIDTH * 4));

            int[] indices = TestImages.units(kind, WIDTH, HEIGHT, 0xFF, 2);
            MemorySegment lzPlt = copy(new LzTestEncoder().encode(LzImageType.PLT8, WIDTH, HEIGHT, WIDTH, true, indices));
            Palette palette = Palette.of(1, TestImages.units(TestImages.Kind.NOISE, 256, 1, 0xFFFFFF, 3));
            report("LZ PLT8 " + kind, lzPlt.byteSize(), () -> lz.decode(lz.parseHeader(lzPlt), lzPlt, palette, surface, 0, WIDTH * 4));

            byte[] packed = new byte[WIDTH * HEIGHT * 4];
            for (int i = 0; i < rgb.length; i++) {
                packed[4 * i] = (byte) rgb[i];
                packed[4 * i + 1] = (byte) (rgb[i] >>> 8);
                packed[4 * i + 2] = (byte) (rgb[i] >>> 16);
            }
            MemorySegment lz4Rgb = copy(new Lz4TestWriter().payload(true, 8, packed, WIDTH * 4 * 64));
            report("LZ4 RGB32 " + kind, lz4Rgb.byteSize(), () -> lz4.decode(lz4.parseHeader(lz4Rgb, WIDTH, HEIGHT), lz4Rgb, surface, 0, WIDTH * 4));

            GlzTestEncoder glzEncoder = new GlzTestEncoder(false);
            MemorySegment first = copy(glzEncoder.encode(LzImageType.RGB32, WIDTH, HEIGHT, true, rgb, 0, 0));
            int[] changed = rgb.clone();
            for (int i = 0; i < changed.length; i += 997) {
                changed[i] ^= 0x10101;
            }
            MemorySegment second = copy(glzEncoder.encode(LzImageType.RGB32, WIDTH, HEIGHT, true, changed, 1, 1));
            GlzWindow window = new GlzWindow(1L << 24);
            try (GlzDecoder glz = new GlzDecoder(window, ImageLimits.DEFAULT, Duration.ofSeconds(1))) {
                glz.decode(glz.parseHeader(first), first, surface, 0, WIDTH * 4);
                report("GLZ RGB32 " + kind + " (2nd image, copies the 1st)", second.byteSize(),
                        () -> glz.decode(glz.parseHeader(second), second, surface, 0, WIDTH * 4));
            }
        }
    }

    private interface Decode {
        void run() throws Exception;
    }

    private static void report(String what, long compressedBytes, Decode decode) throws Exception {
        long warmUp = System.nanoTime();
        while (System.nanoTime() - warmUp < 1_000_000_000L) {
            decode.run();
        }
        int rounds = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            decode.run();
            rounds++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < 2_000_000_000L);
        double megapixels = (double) WIDTH * HEIGHT * rounds / 1e6;
        System.out.printf(Locale.ROOT, "%-52s %8.1f MP/s  (%.2f ms/frame, %d KiB compressed)%n", what,
                megapixels / (elapsed / 1e9), elapsed / 1e6 / rounds, compressedBytes / 1024);
    }

    private static MemorySegment copy(byte[] bytes) {
        MemorySegment seg = Arena.global().allocate(bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
        return seg;
    }
}
