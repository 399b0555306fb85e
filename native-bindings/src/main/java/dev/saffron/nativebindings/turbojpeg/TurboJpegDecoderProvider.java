package dev.saffron.nativebindings.turbojpeg;

import dev.saffron.spice.spi.JpegDecoderProvider;
import dev.saffron.spice.spi.JpegDecompressor;
import java.util.Optional;

/** Decodes JPEG with libjpeg-turbo's TurboJPEG library, as spice-gtk does; found by core's ServiceLoader. */
public final class TurboJpegDecoderProvider implements JpegDecoderProvider {
    private static final System.Logger LOG = System.getLogger(TurboJpegDecoderProvider.class.getName());

    /** Made by ServiceLoader. */
    public TurboJpegDecoderProvider() {
    }

    @Override
    public Optional<JpegDecompressor> open() {
        Optional<String> unavailable = TurboJpeg.unavailableReason();
        if (unavailable.isPresent()) {
            LOG.log(System.Logger.Level.DEBUG, unavailable.get());
            return Optional.empty();
        }
        return Optional.of(TurboJpegDecompressor.open());
    }
}
