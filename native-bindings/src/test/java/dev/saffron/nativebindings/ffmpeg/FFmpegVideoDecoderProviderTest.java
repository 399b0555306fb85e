package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.spi.VideoDecoder;
import dev.saffron.spice.spi.VideoDecoderProvider;
import dev.saffron.spice.testing.EncodedVideo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FFmpeg binding through core's service interface, on VP8 and H.264 made by the GStreamer encoders
 * spice-server streams with (Debian packages libavcodec59, libswscale6, gstreamer1.0-tools, -plugins-good,
 * -plugins-ugly and gstreamer1.0-libav). Lossy codecs: decoded pictures are compared with their sources by PSNR.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FFmpegVideoDecoderProviderTest {
    /**
     * Not a multiple of 8 or 16, so that rows of {@code 4 * WIDTH} bytes are not aligned for libswscale's vector
     * code: written into directly, H.264 pictures came out wrong and VP8 corrupted the heap.
     */
    private static final int WIDTH = 100;
    private static final int HEIGHT = 66;
    /** vp8enc and x264enc at their defaults stay well above this on the test pattern; a wrong layout does not. */
    private static final double MIN_PSNR = 28;

    private static VideoDecoderProvider provider() {
        List<VideoDecoderProvider> providers = new ArrayList<>();
        ServiceLoader.load(VideoDecoderProvider.class).forEach(providers::add);
        assertEquals(1, providers.size(), "providers found: " + providers);
        assertTrue(providers.getFirst() instanceof FFmpegVideoDecoderProvider);
        return providers.getFirst();
    }

    @Test
    void bookwormsLibavcodecOffersEveryCodec() {
        assertEquals(EnumSet.allOf(VideoCodec.class), new FFmpegVideoDecoderProvider(Optional.empty()).codecs(),
                FFmpeg.unavailableReason().orElse("the libraries load"));
    }

    @Test
    void ffmpegsAnswerIsKeptAndTheNextProviderTakesItFromTheFile(@TempDir Path folder) {
        Path file = folder.resolve("saffron").resolve("ffmpeg-video-codecs");
        String key = CodecAnswerCache.key(System.getenv(), List.of(FFmpeg.AVCODEC, FFmpeg.AVUTIL, FFmpeg.SWSCALE));
        assertEquals(EnumSet.allOf(VideoCodec.class),
                new FFmpegVideoDecoderProvider(Optional.of(new CodecAnswerCache(file, key))).codecs());
        assertEquals(Optional.of(EnumSet.allOf(VideoCodec.class)), new CodecAnswerCache(file, key).read());
        // An answer on file is taken as it is, FFmpeg not asked: one that differs from FFmpeg's shows it.
        new CodecAnswerCache(file, key).write(Set.of(VideoCodec.VP9));
        assertEquals(Set.of(VideoCodec.VP9),
                new FFmpegVideoDecoderProvider(Optional.of(new CodecAnswerCache(file, key))).codecs());
        // Written under another key (a library upgraded since), it is no answer, and FFmpeg is asked again.
        assertEquals(EnumSet.allOf(VideoCodec.class),
                new FFmpegVideoDecoderProvider(Optional.of(new CodecAnswerCache(file, key + " changed"))).codecs());
    }

    @Test
    void aVp8StreamDecodesFrameByFrameCloseToItsSource() throws Exception {
        EncodedVideo video = EncodedVideo.encodeWithPictures(VideoCodec.VP8, WIDTH, HEIGHT, 12);
        assertEquals(12, video.frames().size());
        assertEquals(12, video.pictures().size());
        // Rows wider than the picture: the decoder must keep to the stride it is given.
        int stride = WIDTH * 4 + 32;
        try (VideoDecoder decoder = provider().open(VideoCodec.VP8, WIDTH, HEIGHT); Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate((long) stride * HEIGHT);
            for (int i = 0; i < video.frames().size(); i++) {
                pixels.fill((byte) 0);
                assertTrue(decoder.decode(MemorySegment.ofArray(video.frames().get(i)), pixels, stride), "frame " + i);
                double psnr = psnr(pixels, stride, video.pictures().get(i));
                assertTrue(psnr > MIN_PSNR, "frame " + i + " PSNR " + psnr);
            }
        }
    }

    @Test
    void nothingIsWrittenPastTheLastRow() throws Exception {
        EncodedVideo video = EncodedVideo.encodeWithPictures(VideoCodec.VP8, WIDTH, HEIGHT, 2);
        int stride = WIDTH * 4;
        long size = (long) stride * HEIGHT;
        // Rows packed tightly, at a width that is no multiple of a vector block: nothing may land in the guard.
        int guard = 1024;
        try (VideoDecoder decoder = provider().open(VideoCodec.VP8, WIDTH, HEIGHT); Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(size + guard);
            memory.asSlice(size).fill((byte) 0x5A);
            for (byte[] frame : video.frames()) {
                assertTrue(decoder.decode(MemorySegment.ofArray(frame), memory.asSlice(0, size), stride));
            }
            byte[] expected = new byte[guard];
            Arrays.fill(expected, (byte) 0x5A);
            assertArrayEquals(expected, memory.asSlice(size).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void anH264AccessUnitComesOutOfTheCallThatSentIt() throws Exception {
        EncodedVideo video = EncodedVideo.encodeWithPictures(VideoCodec.H264, WIDTH, HEIGHT, 1);
        try (VideoDecoder decoder = provider().open(VideoCodec.H264, WIDTH, HEIGHT); Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate((long) WIDTH * 4 * HEIGHT);
            assertTrue(decoder.decode(MemorySegment.ofArray(video.frames().getFirst()), pixels, WIDTH * 4));
            double psnr = psnr(pixels, WIDTH * 4, video.pictures().getFirst());
            assertTrue(psnr > MIN_PSNR, "PSNR " + psnr);
        }
    }

    @Test
    void aBrokenFrameFailsAndTheNextKeyFrameDecodes() throws Exception {
        EncodedVideo video = EncodedVideo.encodeWithPictures(VideoCodec.VP8, WIDTH, HEIGHT, 1);
        byte[] keyFrame = video.frames().getFirst();
        try (VideoDecoder decoder = provider().open(VideoCodec.VP8, WIDTH, HEIGHT); Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate((long) WIDTH * 4 * HEIGHT);
            assertThrows(IOException.class,
                    () -> decoder.decode(MemorySegment.ofArray(Arrays.copyOf(keyFrame, 12)), pixels, WIDTH * 4));
            assertThrows(IOException.class,
                    () -> decoder.decode(MemorySegment.ofArray(new byte[0]), pixels, WIDTH * 4));
            assertTrue(decoder.decode(MemorySegment.ofArray(keyFrame), pixels, WIDTH * 4));
            assertTrue(psnr(pixels, WIDTH * 4, video.pictures().getFirst()) > MIN_PSNR);
        }
    }

    @Test
    void damagedStreamsOnlyEverFailFramesAndAKeyFrameRecovers() throws Exception {
        EncodedVideo vp8 = EncodedVideo.encodeWithPictures(VideoCodec.VP8, WIDTH, HEIGHT, 8);
        EncodedVideo h264 = EncodedVideo.encodeWithPictures(VideoCodec.H264, WIDTH, HEIGHT, 1);
        Random random = new Random(20261122);
        for (EncodedVideo video : List.of(vp8, h264)) {
            VideoCodec codec = video == vp8 ? VideoCodec.VP8 : VideoCodec.H264;
            try (VideoDecoder decoder = provider().open(codec, WIDTH, HEIGHT); Arena arena = Arena.ofConfined()) {
                MemorySegment pixels = arena.allocate((long) WIDTH * 4 * HEIGHT);
                int failed = 0;
                for (int round = 0; round < 300; round++) {
                    byte[] frame = video.frames().get(round % video.frames().size()).clone();
                    int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    byte[] damaged = random.nextInt(4) == 0
                            ? Arrays.copyOf(frame, random.nextInt(frame.length + 1)) : frame;
                    try {
                        decoder.decode(MemorySegment.ofArray(damaged), pixels, WIDTH * 4);
                    } catch (IOException e) {
                        failed++;
                    }
                }
                assertTrue(failed > 0, codec + ": no damaged frame was refused");
                assertTrue(decoder.decode(MemorySegment.ofArray(video.frames().getFirst()), pixels, WIDTH * 4));
                double psnr = psnr(pixels, WIDTH * 4, video.pictures().getFirst());
                assertTrue(psnr > MIN_PSNR, codec + " after damage: PSNR " + psnr);
            }
        }
    }

    @Test
    void aPictureLargerThanTheStreamIsRefused() throws Exception {
        EncodedVideo video = EncodedVideo.encodeWithPictures(VideoCodec.VP8, WIDTH, HEIGHT, 1);
        MemorySegment frame = MemorySegment.ofArray(video.frames().getFirst());
        // Narrower by less than a block: within libavcodec's pixel bound, so the binding's own check refuses it.
        int width = WIDTH - 6;
        try (VideoDecoder decoder = provider().open(VideoCodec.VP8, width, HEIGHT); Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate((long) width * 4 * HEIGHT);
            IOException refused = assertThrows(IOException.class, () -> decoder.decode(frame, pixels, width * 4));
            assertTrue(refused.getMessage().contains(WIDTH + "x" + HEIGHT), refused.getMessage());
        }
        // Far smaller: libavcodec refuses to allocate the picture at all.
        try (VideoDecoder decoder = provider().open(VideoCodec.VP8, 16, 16); Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(16L * 4 * 16);
            assertThrows(IOException.class, () -> decoder.decode(frame, pixels, 16 * 4));
        }
    }

    @Test
    void aClosedDecoderRefusesFramesAndClosesTwiceQuietly() throws Exception {
        EncodedVideo video = EncodedVideo.encodeWithPictures(VideoCodec.VP8, WIDTH, HEIGHT, 1);
        VideoDecoder decoder = provider().open(VideoCodec.VP8, WIDTH, HEIGHT);
        decoder.close();
        decoder.close();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate((long) WIDTH * 4 * HEIGHT);
            assertThrows(IOException.class,
                    () -> decoder.decode(MemorySegment.ofArray(video.frames().getFirst()), pixels, WIDTH * 4));
            assertThrows(IllegalArgumentException.class,
                    () -> decoder.decode(MemorySegment.ofArray(video.frames().getFirst()), pixels.asSlice(4),
                            WIDTH * 4));
        }
    }

    /** Peak signal-to-noise ratio over blue, green and red, in dB. */
    private static double psnr(MemorySegment pixels, int stride, byte[] source) {
        double squared = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                for (int c = 0; c < 3; c++) {
                    int ours = Byte.toUnsignedInt(pixels.get(ValueLayout.JAVA_BYTE, (long) y * stride + x * 4L + c));
                    int theirs = Byte.toUnsignedInt(source[(y * WIDTH + x) * 4 + c]);
                    squared += (double) (ours - theirs) * (ours - theirs);
                }
            }
        }
        double mse = squared / (WIDTH * HEIGHT * 3.0);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
