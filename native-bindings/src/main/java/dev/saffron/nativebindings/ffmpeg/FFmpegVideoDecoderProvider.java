package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.spi.VideoDecoder;
import dev.saffron.spice.spi.VideoDecoderProvider;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes VP8, H.264, VP9 and H.265 streams with FFmpeg's libavcodec and libswscale; found by core's
 * ServiceLoader. A codec is offered only when bookworm's FFmpeg libraries load and have its decoder; that answer
 * is kept between runs ({@link CodecAnswerCache}), so FFmpeg is loaded by a session's first video stream rather
 * than by every session's start.
 */
public final class FFmpegVideoDecoderProvider implements VideoDecoderProvider {
    private static final System.Logger LOG = System.getLogger(FFmpegVideoDecoderProvider.class.getName());

    /** Where the answer is kept between runs, if this user has a cache folder. */
    private final Optional<CodecAnswerCache> answers;

    /** Made by ServiceLoader. */
    public FFmpegVideoDecoderProvider() {
        this(CodecAnswerCache.forUser(System.getenv(), List.of(FFmpeg.AVCODEC, FFmpeg.AVUTIL, FFmpeg.SWSCALE)));
    }

    FFmpegVideoDecoderProvider(Optional<CodecAnswerCache> answers) {
        this.answers = answers;
    }

    /**
     * The answer kept from an earlier run, when nothing it depends on has changed (see {@link CodecAnswerCache});
     * otherwise FFmpeg's, loading it, and then kept for the next run.
     */
    @Override
    public Set<VideoCodec> codecs() {
        Optional<Set<VideoCodec>> known = answers.flatMap(CodecAnswerCache::read);
        if (known.isPresent()) {
            return known.get();
        }
        Set<VideoCodec> found = askFFmpeg();
        answers.ifPresent(cache -> cache.write(found));
        return found;
    }

    private static Set<VideoCodec> askFFmpeg() {
        Optional<String> unavailable = FFmpeg.unavailableReason();
        if (unavailable.isPresent()) {
            LOG.log(System.Logger.Level.DEBUG, unavailable.get());
            return Set.of();
        }
        Set<VideoCodec> codecs = EnumSet.noneOf(VideoCodec.class);
        for (VideoCodec codec : VideoCodec.values()) {
            if (!FFmpeg.avcodecFindDecoder(codecId(codec)).equals(MemorySegment.NULL)) {
                codecs.add(codec);
            }
        }
        return Set.copyOf(codecs);
    }

    /** The codec's decoder must also be in libavcodec; otherwise opening fails with an IOException. */
    @Override
    public VideoDecoder open(VideoCodec codec, int width, int height) throws IOException {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a " + width + "x" + height + " stream");
        }
        Optional<String> unavailable = FFmpeg.unavailableReason().or(FFmpeg::decodingUnavailableReason);
        if (unavailable.isPresent()) {
            // The answer on file offered a codec this machine cannot decode after all: ask again next time.
            answers.ifPresent(CodecAnswerCache::forget);
            throw new IOException(unavailable.get());
        }
        try {
            return FFmpegVideoDecoder.open(codecId(codec), width, height);
        } catch (IOException e) {
            // Perhaps the decoder the answer on file named is gone; the next run asks FFmpeg, which costs little.
            answers.ifPresent(CodecAnswerCache::forget);
            throw e;
        }
    }

    private static int codecId(VideoCodec codec) {
        return switch (codec) {
            case VP8 -> FFmpeg.AV_CODEC_ID_VP8;
            case H264 -> FFmpeg.AV_CODEC_ID_H264;
            case VP9 -> FFmpeg.AV_CODEC_ID_VP9;
            case H265 -> FFmpeg.AV_CODEC_ID_HEVC;
        };
    }
}
