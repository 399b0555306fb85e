package dev.saffron.bench;

import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.codec.JpegDecoder;
import dev.saffron.spice.internal.codec.JpegTables;
import dev.saffron.spice.internal.display.PixelBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real JPEGs from QEMU decoded by both of core's JPEG paths and compared with libjpeg-turbo's {@code djpeg}
 * run with the settings spice-gtk decodes them with, so the reference is what spice-gtk shows: MJPEG stream
 * frames (the animated guest with {@code streaming-video=all}) with {@code -dct fast -nosmooth}, as its
 * MJPEG decoder sets {@code JDCT_IFAST} and no fancy upsampling; JPEG images ({@code jpeg-wan-compression=
 * always}) with djpeg's defaults, as its image decoder keeps libjpeg's.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JpegPsnrIT {
    /** The bar for JPEG paths against spice-gtk's decode of the same bytes. */
    private static final double REQUIRED_PSNR_DB = 45;
    private static final int MAX_COMPARED = 40;
    private static final String[] FAST = {"-dct", "fast", "-nosmooth"};
    private static final String[] ACCURATE = {"-dct", "int"};

    @Test
    void libturbojpegDecodesRealStreamFramesAsSpiceGtkDoes(@TempDir Path dir) throws Exception {
        compare(CorpusRecording.VIDEO, true, dir);
    }

    @Test
    void libturbojpegDecodesRealJpegImagesAsSpiceGtkDoes(@TempDir Path dir) throws Exception {
        compare(CorpusRecording.JPEG, false, dir);
    }

    private static void compare(CorpusRecording corpus, boolean frames, Path dir) throws Exception {
        Path recording = dir.resolve(corpus.stem() + ".rec");
        CorpusRecorder.record(corpus, recording);
        JpegDecoder turbo = new JpegDecoder(ImageLimits.DEFAULT.maxPixels());
        JpegDecoder imageIo = JpegDecoder.withImageIo(ImageLimits.DEFAULT.maxPixels());
        assertTrue(turbo.isNative(), "native-bindings and libturbojpeg0 are on this test's class path");
        try (Arena arena = Arena.ofConfined()) {
            // The video recording's images are GLZ (auto_glz, no JPEG over WAN): its JPEGs are stream frames;
            // the JPEG recording has no streams: its JPEGs are images.
            List<ImagePayload.Jpeg> jpegs = RecordedImages.extract(recording, arena).of(Codec.JPEG).stream()
                    .map(ImagePayload.Jpeg.class::cast).toList();
            assertTrue(jpegs.size() >= 10, corpus.stem() + ": JPEGs recorded: " + jpegs.size());
            JpegTables tables = new JpegTables();
            ErrorSum turboError = new ErrorSum();
            ErrorSum imageIoError = new ErrorSum();
            int step = Math.max(1, jpegs.size() / MAX_COMPARED);
            int compared = 0;
            for (int i = 0; i < jpegs.size(); i++) {
                MemorySegment arrived = jpegs.get(i).data();
                byte[] jpeg = frames
                        ? tables.complete(arrived, size -> MemorySegment.ofArray(new byte[(int) size]))
                                .toArray(ValueLayout.JAVA_BYTE)
                        : arrived.toArray(ValueLayout.JAVA_BYTE);
                if (i % step != 0) {
                    continue;
                }
                MemorySegment data = MemorySegment.ofArray(jpeg);
                int width = jpegs.get(i).width();
                int height = jpegs.get(i).height();
                int[] reference = djpeg(jpeg, width, height, dir, frames ? FAST : ACCURATE);
                PixelBuffer ours = PixelBuffer.allocateNative(width, height, false);
                PixelBuffer fallback = PixelBuffer.allocateHeap(width, height, false);
                if (frames) {
                    turbo.decodeFrame(data, ours);
                    imageIo.decodeFrame(data, fallback);
                } else {
                    turbo.decode(data, ours);
                    imageIo.decode(data, fallback);
                }
                turboError.add(reference, ours);
                imageIoError.add(reference, fallback);
                compared++;
            }
            System.out.printf("%s vs djpeg %s, %d of %d: libturbojpeg %s; ImageIO %s%n",
                    frames ? "MJPEG frames" : "JPEG images", String.join(" ", frames ? FAST : ACCURATE), compared,
                    jpegs.size(), turboError, imageIoError);
            assertTrue(turboError.worstPsnr() >= REQUIRED_PSNR_DB, "libturbojpeg: " + turboError);
            assertTrue(turboError.worstPsnr() >= imageIoError.worstPsnr(),
                    "libturbojpeg " + turboError + " is at least as close as ImageIO " + imageIoError);
        }
    }

    /** @return djpeg's decode with the given options, as 0xRRGGBB values */
    private static int[] djpeg(byte[] jpeg, int width, int height, Path dir, String... options) throws Exception {
        Path in = dir.resolve("frame.jpg");
        Path out = dir.resolve("frame.ppm");
        Files.write(in, jpeg);
        List<String> command = new ArrayList<>(List.of(Tool.DJPEG.require().toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-ppm", "-outfile", out.toString(), in.toString()));
        Process djpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(djpeg.waitFor(30, TimeUnit.SECONDS), "djpeg finished");
        assertEquals(0, djpeg.exitValue(), new String(djpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        byte[] ppm = Files.readAllBytes(out);
        String header = "P6\n" + width + " " + height + "\n255\n";
        assertEquals(header, new String(ppm, 0, header.length(), StandardCharsets.US_ASCII));
        int[] rgb = new int[width * height];
        for (int i = 0, at = header.length(); i < rgb.length; i++, at += 3) {
            rgb[i] = (ppm[at] & 0xFF) << 16 | (ppm[at + 1] & 0xFF) << 8 | ppm[at + 2] & 0xFF;
        }
        return rgb;
    }

    /** Squared colour errors against the reference, per frame and over all frames. */
    private static final class ErrorSum {
        private double squaredError;
        private long samples;
        private double worstPsnr = Double.POSITIVE_INFINITY;
        private long differingPixels;

        void add(int[] reference, PixelBuffer decoded) {
            double frameError = 0;
            for (int y = 0; y < decoded.height(); y++) {
                for (int x = 0; x < decoded.width(); x++) {
                    int expected = reference[y * decoded.width() + x];
                    int got = decoded.get(x, y);
                    if ((expected & 0xFFFFFF) != (got & 0xFFFFFF)) {
                        differingPixels++;
                    }
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int difference = (expected >> shift & 0xFF) - (got >> shift & 0xFF);
                        frameError += difference * difference;
                    }
                }
            }
            long frameSamples = 3L * decoded.width() * decoded.height();
            worstPsnr = Math.min(worstPsnr, psnr(frameError, frameSamples));
            squaredError += frameError;
            samples += frameSamples;
        }

        double worstPsnr() {
            return worstPsnr;
        }

        private static double psnr(double squaredError, long samples) {
            return squaredError == 0 ? Double.POSITIVE_INFINITY
                    : 10 * Math.log10(255.0 * 255.0 * samples / squaredError);
        }

        @Override
        public String toString() {
            return String.format("PSNR %.2f dB overall, %.2f dB worst frame, %d pixels differing",
                    psnr(squaredError, samples), worstPsnr, differingPixels);
        }
    }
}
