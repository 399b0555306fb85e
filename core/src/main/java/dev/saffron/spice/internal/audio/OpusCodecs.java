package dev.saffron.spice.internal.audio;

import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@link OpusCodecProvider}s that work here, best first: each was asked once for a 48 kHz stereo decoder,
 * and those that could not open one (their library is missing) are left out. The audio channels advertise
 * Opus only when {@link #available()}.
 */
public final class OpusCodecs {
    private static final System.Logger LOG = System.getLogger(OpusCodecs.class.getName());

    /** The format the probe opens: the one spice-server sends and records Opus in. */
    private static final int PROBE_RATE = 48_000;
    private static final int PROBE_CHANNELS = 2;

    private final List<OpusCodecProvider> working;

    /** @param candidates the providers to probe, in any order */
    OpusCodecs(Iterable<OpusCodecProvider> candidates) {
        List<OpusCodecProvider> found = new ArrayList<>();
        for (OpusCodecProvider provider : candidates) {
            Optional<OpusDecoder> probe = provider.openDecoder(PROBE_RATE, PROBE_CHANNELS);
            if (probe.isPresent()) {
                probe.get().close();
                found.add(provider);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "Opus codec {0} cannot work here", provider.name());
            }
        }
        found.sort(Comparator.comparingInt(OpusCodecProvider::priority).reversed());
        this.working = List.copyOf(found);
    }

    /** @return the installed providers, found and probed on the first call */
    public static OpusCodecs installed() {
        return Installed.CODECS;
    }

    /** @return whether some provider decodes Opus here */
    public boolean available() {
        return !working.isEmpty();
    }

    /** @return the name of the provider that opens decoders and encoders first, for logs */
    public Optional<String> preferred() {
        return working.stream().findFirst().map(OpusCodecProvider::name);
    }

    /**
     * @return a decoder from the best provider that opens one; empty when none does
     * @throws IllegalArgumentException if Opus has no such format
     */
    public Optional<OpusDecoder> openDecoder(int sampleRate, int channels) {
        for (OpusCodecProvider provider : working) {
            Optional<OpusDecoder> decoder = provider.openDecoder(sampleRate, channels);
            if (decoder.isPresent()) {
                return decoder;
            }
        }
        return Optional.empty();
    }

    /**
     * @return an encoder from the best provider that opens one; empty when none does
     * @throws IllegalArgumentException if Opus has no such format or bit rate
     */
    public Optional<OpusEncoder> openEncoder(int sampleRate, int channels, int bitrate) {
        for (OpusCodecProvider provider : working) {
            Optional<OpusEncoder> encoder = provider.openEncoder(sampleRate, channels, bitrate);
            if (encoder.isPresent()) {
                return encoder;
            }
        }
        return Optional.empty();
    }

    /** Loads the providers, and with them a native library, when an audio channel first asks. */
    private static final class Installed {
        static final OpusCodecs CODECS = load();

        private static OpusCodecs load() {
            OpusCodecs codecs = new OpusCodecs(ServiceLoader.load(OpusCodecProvider.class));
            LOG.log(System.Logger.Level.DEBUG, "Opus codec: {0}", codecs.preferred().orElse("none"));
            return codecs;
        }
    }
}
