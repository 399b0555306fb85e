package dev.saffron.spice.internal.codec;

import dev.saffron.spice.spi.JpegDecoderProvider;
import dev.saffron.spice.spi.JpegDecompressor;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the installed {@link JpegDecoderProvider}s once and opens decompressors from the first that works. */
final class NativeJpeg {
    private static final System.Logger LOG = System.getLogger(NativeJpeg.class.getName());

    private NativeJpeg() {
    }

    /** @return a new native decompressor, or empty when no provider is installed or none can load its library */
    static Optional<JpegDecompressor> open() {
        JpegDecoderProvider provider = Holder.PROVIDER;
        return provider == null ? Optional.empty() : provider.open();
    }

    /** Loads the providers on first use; a missing one is logged once, not for every decoder made. */
    private static final class Holder {
        static final JpegDecoderProvider PROVIDER = find();

        private static JpegDecoderProvider find() {
            for (JpegDecoderProvider provider : ServiceLoader.load(JpegDecoderProvider.class)) {
                Optional<JpegDecompressor> probe = provider.open();
                if (probe.isPresent()) {
                    probe.get().close();
                    return provider;
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "no native JPEG decoder (libturbojpeg) available; using ImageIO");
            return null;
        }
    }
}
