package dev.saffron.spice.spi;

import java.io.IOException;
import java.util.Set;

/**
 * A service that decodes video streams natively, as spice-gtk does with GStreamer. Core finds providers through
 * {@link java.util.ServiceLoader} and advertises a codec to the server only when a provider says it decodes it
 * here; without one, MJPEG is the only codec a session takes.
 */
public interface VideoDecoderProvider {
    /**
     * Called once, when core first looks for video decoders.
     *
     * @return the codecs this provider decodes on this machine: empty when the native library it needs is
     *         missing or not the version it was written for
     */
    Set<VideoCodec> codecs();

    /**
     * Opens a decoder for one stream.
     *
     * @param codec  one of {@link #codecs()}
     * @param width  the stream's width in pixels, which core has checked against its limits
     * @param height the stream's height in pixels, likewise
     * @return the decoder; the caller closes it when the stream ends
     * @throws IOException              if the native decoder cannot be set up
     * @throws IllegalArgumentException if the codec is not one of {@link #codecs()} or a size is not positive
     */
    VideoDecoder open(VideoCodec codec, int width, int height) throws IOException;
}
