package dev.saffron.bench;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real MJPEG frames from QEMU's video streams (the animated guest with {@code streaming-video=all}), decoded
 * by both of core's JPEG paths and compared with libjpeg-turbo's {@code djpeg -dct fast -nosmooth}: the
 * settings spice-gtk's MJPEG decoder uses ({@code JDCT_IFAST}, no fancy upsampling), so the reference is
 * what spice-gtk shows.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MjpegStreamPsnrIT {
    /** The bar for JPEG paths against spice-gtk's decode of the same bytes. */
    private static final double REQUIRED_PSNR_DB = 45;
    private static final int MAX_FRAMES_COMPARED = 40;

    @Test
    void libturbojpegDecodesRealStreamFramesAsSpiceGtkDoes(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("video.rec");
        CorpusRecorder.record(CorpusRecording.VIDEO, recording);
        JpegDecoder turbo = new JpegDecoder(ImageLimits.DEFAULT.maxPixels());
        JpegDecoder imageIo = JpegDecoder.withImageIo(ImageLimits.DEFAULT.maxPixels());
        assertTrue(turbo.isNative(), "native-bindings and libturbojpeg0 are on this test's class path");
        try (Arena arena = Arena.ofConfined()) {
            // The video recording's images are GLZ (auto_glz, no JPEG over WAN): its JPEGs are stream frames.
            List<ImagePayload.Jpeg> frames = RecordedImages.extract(recording, arena).of(Codec.JPEG).stream()
                    .map(ImagePayload.Jpeg.class::cast).toList();
            assertTrue(frames.size() >= 10, "MJPEG frames recorded: " + frames.size());
            JpegTables tables = new JpegTables();
            ErrorSum turboError = new ErrorSum();
            ErrorSum imageIoError = new ErrorSum();
            int step = Math.max(1, frames.size() / MAX_FRAMES_COMPARED);
            int compared = 0;
            for (int i = 0; i < frames.size(); i++) {
                byte[] frame = tables.complete(frames.get(i).data().toArray(ValueLayout.JAVA_BYTE));
                if (i % step != 0) {
                    continue;
                }
                MemorySegment data = MemorySegment.ofArray(frame);
                int width = frames.get(i).width();
                int height = frames.get(i).height();
                int[] reference = djpegFast(frame, width, height, dir);
                PixelBuffer ours = PixelBuffer.allocateNative(width, height, false);
                turbo.decodeFrame(data, ours);
                turboError.add(reference, ours);
                PixelBuffer fallback = PixelBuffer.allocateHeap(width, height, false);
                imageIo.decodeFrame(data, fallback);
                imageIoError.add(reference, fallback);
                compared++;
            }
            System.out.printf("MJPEG frames vs djpeg -dct fast -nosmooth, %d of %d frames: libturbojpeg %s, "
                    + "ImageIO %s%n", compared, frames.size(), turboError, imageIoError);
            assertTrue(turboError.worstPsnr() >= REQUIRED_PSNR_DB, "libturbojpeg: " + turboError);
            assertTrue(turboError.worstPsnr() >= imageIoError.worstPsnr(),
                    "libturbojpeg " + turboError + " is at least as close as ImageIO " + imageIoError);
        }
    }

    /** @return djpeg's decode with spice-gtk's MJPEG settings, as 0xRRGGBB values */
    private static int[] djpegFast(byte[] jpeg, int width, int height, Path dir) throws Exception {
        Path in = dir.resolve("frame.jpg");
        Path out = dir.resolve("frame.ppm");
        Files.write(in, jpeg);
        Process djpeg = new ProcessBuilder("djpeg", "-dct", "fast", "-nosmooth", "-ppm", "-outfile", out.toString(),
                in.toString()).redirectErrorStream(true).start();
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
