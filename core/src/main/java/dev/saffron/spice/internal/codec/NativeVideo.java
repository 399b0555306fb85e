package dev.saffron.spice.internal.codec;

import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.spi.VideoDecoder;
import dev.saffron.spice.spi.VideoDecoderProvider;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The installed {@link VideoDecoderProvider}s, asked once which codecs they decode; each codec is decoded by the
 * first provider that offers it.
 */
public final class NativeVideo {
    private static final System.Logger LOG = System.getLogger(NativeVideo.class.getName());

    private static final AtomicBoolean PREPARING = new AtomicBoolean();

    private NativeVideo() {
    }

    /**
     * Asks the providers which codecs they decode on a thread of its own, once per process, so that the first
     * display channel's link, which names the codecs it offers, finds the answer ready: loading FFmpeg and
     * asking it took 45 to 80 ms of a live session's start (README, Performance), which a session can spend
     * while its main channel links. FFmpeg's provider answers from a file when an earlier run asked already.
     */
    public static void prepare() {
        if (PREPARING.compareAndSet(false, true)) {
            Thread.ofVirtual().name("saffron-video-codecs").start(() -> {
                try {
                    codecs();
                } catch (RuntimeException | Error e) {
                    // The display channel's own call meets the same failure, and reports it.
                    LOG.log(System.Logger.Level.DEBUG, "video providers not loaded ahead: {0}", e.toString());
                }
            });
        }
    }

    /** @return the codecs some installed provider decodes here */
    public static Set<VideoCodec> codecs() {
        return Holder.PROVIDERS.keySet();
    }

    /**
     * Opens a decoder for one stream.
     *
     * @throws IOException if no provider decodes {@code codec} or its decoder cannot be set up
     */
    public static VideoDecoder open(VideoCodec codec, int width, int height) throws IOException {
        VideoDecoderProvider provider = Holder.PROVIDERS.get(codec);
        if (provider == null) {
            throw new IOException("no video decoder for " + codec);
        }
        return provider.open(codec, width, height);
    }

    /** Loads the providers, and with them their native libraries, when the first display channel connects. */
    private static final class Holder {
        static final Map<VideoCodec, VideoDecoderProvider> PROVIDERS = find();

        private static Map<VideoCodec, VideoDecoderProvider> find() {
            Map<VideoCodec, VideoDecoderProvider> found = new EnumMap<>(VideoCodec.class);
            for (VideoDecoderProvider provider : ServiceLoader.load(VideoDecoderProvider.class)) {
                for (VideoCodec codec : provider.codecs()) {
                    found.putIfAbsent(codec, provider);
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "native video decoders for {0}", found.keySet());
            return Map.copyOf(found);
        }
    }
}
