package dev.saffron.audio.opus;

import dev.saffron.spice.spi.OpusArguments;
import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;

import java.util.Optional;

/**
 * Decodes and encodes Opus in pure Java with concentus, a port of libopus: it works everywhere, so core falls
 * back to it when libopus is missing. Found by core's ServiceLoader.
 */
public final class ConcentusCodecProvider implements OpusCodecProvider {
    /** Below libopus, which is the reference implementation and faster. */
    private static final int PRIORITY = 10;

    /** Made by ServiceLoader. */
    public ConcentusCodecProvider() {
    }

    @Override
    public String name() {
        return "concentus";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<OpusDecoder> openDecoder(int sampleRate, int channels) {
        OpusArguments.checkFormat(sampleRate, channels);
        return Optional.of(ConcentusDecoder.open(sampleRate, channels));
    }

    @Override
    public Optional<OpusEncoder> openEncoder(int sampleRate, int channels, int bitrate) {
        OpusArguments.checkFormat(sampleRate, channels);
        OpusArguments.checkBitrate(bitrate);
        return Optional.of(ConcentusEncoder.open(sampleRate, channels, bitrate));
    }
}
