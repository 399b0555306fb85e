package dev.saffron.spice.internal.codec;

import dev.saffron.spice.internal.display.PixelBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/**
 * A rough throughput check of the bitmap, JPEG, PNG and PPM paths on 1920x1080 images, for reports, not a
 * test (it asserts nothing and surefire does not run it; precise numbers belong to JMH in the bench
 * module). Run after {@code mvn -o -q -pl core test-compile}:
 * {@code java -cp core/target/classes:core/target/test-classes dev.saffron.spice.internal.codec.ImageCodecThroughput}
 */
public final class ImageCodecThroughput {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;

    private ImageCodecThroughput() {
    }

    /** An action timed in a loop. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Counts bytes and drops them, so writers are timed without a disk. */
    private static final class Discard extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    public static void main(String[] args) throws Exception {
        PixelBuffer opaque = PixelBuffer.allocateHeap(WIDTH, HEIGHT, false);
        Random random = new Random(1);
        for (BitmapFormat format : new BitmapFormat[] {BitmapFormat.RGB32, BitmapFormat.RGB24, BitmapFormat.RGB16,
            BitmapFormat.PALETTE_8, BitmapFormat.PALETTE_4_BE, BitmapFormat.PALETTE_1_BE}) {
            int stride = (int) format.minimumStride(WIDTH);
            byte[] data = new byte[stride * HEIGHT];
            random.nextBytes(data);
            BitmapHeader header = new BitmapHeader(format, 0, WIDTH, HEIGHT, stride);
            Palette palette = new Palette(1, random.ints(256).toArray());
            BitmapDecoder decoder = new BitmapDecoder(WIDTH * HEIGHT);
            MemorySegment segment = MemorySegment.ofArray(data);
            time("bitmap " + format, () -> decoder.decode(header, palette, segment, false, opaque));
        }

        JpegDecoder jpeg = new JpegDecoder(WIDTH * HEIGHT);
        for (String kind : new String[] {"photo", "screen"}) {
            byte[] bytes = JpegFixtures.encode(kind.equals("photo") ? JpegFixtures.photo(WIDTH, HEIGHT, 2)
                    : JpegFixtures.screen(WIDTH, HEIGHT), 0.85f, false);
            MemorySegment segment = MemorySegment.ofArray(bytes);
            time("jpeg " + kind + " q85 (" + bytes.length / 1024 + " KiB)", () -> jpeg.decode(segment, opaque));
        }

        PixelBuffer screen = PixelBuffer.allocateHeap(WIDTH, HEIGHT, false);
        PixelBuffer photo = PixelBuffer.allocateHeap(WIDTH, HEIGHT, true);
        int[] screenPixels = JpegFixtures.screen(WIDTH, HEIGHT).getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
        int[] photoPixels = JpegFixtures.photo(WIDTH, HEIGHT, 3).getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
        MemorySegment.copy(screenPixels, 0, screen.segment(), PixelBuffer.PIXEL, 0, screenPixels.length);
        MemorySegment.copy(photoPixels, 0, photo.segment(), PixelBuffer.PIXEL, 0, photoPixels.length);
        for (PixelBuffer image : new PixelBuffer[] {screen, photo}) {
            String kind = image == screen ? "screen" : "photo+alpha";
            for (PngWriter.Filter filter : PngWriter.Filter.values()) {
                PngWriter writer = new PngWriter(PngWriter.DEFAULT_LEVEL, filter);
                time("png " + kind + " level 1 " + filter + " (" + pngSize(writer, image) / 1024 + " KiB)",
                        () -> writer.write(image, new Discard()));
            }
        }
        time("ppm", () -> PpmWriter.write(screen, new Discard()));
    }

    private static long pngSize(PngWriter writer, PixelBuffer image) throws IOException {
        Discard out = new Discard();
        writer.write(image, out);
        return out.count;
    }

    private static void time(String name, Work work) throws Exception {
        for (int i = 0; i < 5; i++) {
            work.run();
        }
        int rounds = 20;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            work.run();
        }
        double millis = (System.nanoTime() - start) / 1e6 / rounds;
        System.out.printf("%-40s %8.2f ms/image %8.1f Mpixel/s%n", name, millis, WIDTH * HEIGHT / millis / 1000);
    }
}
