package dev.saffron.nativebindings.opus;

import dev.saffron.spice.spi.OpusArguments;
import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;

import java.util.Optional;

/** Decodes and encodes Opus with libopus, as spice-gtk and spice-server do; found by core's ServiceLoader. */
public final class LibopusCodecProvider implements OpusCodecProvider {
    private static final System.Logger LOG = System.getLogger(LibopusCodecProvider.class.getName());

    /** Above any pure-Java codec: the reference implementation, and faster. */
    private static final int PRIORITY = 100;

    /** Made by ServiceLoader. */
    public LibopusCodecProvider() {
    }

    @Override
    public String name() {
        return "libopus";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<OpusDecoder> openDecoder(int sampleRate, int channels) {
        OpusArguments.checkFormat(sampleRate, channels);
        if (!libraryLoads()) {
            return Optional.empty();
        }
        return Optional.of(LibopusDecoder.open(sampleRate, channels));
    }

    @Override
    public Optional<OpusEncoder> openEncoder(int sampleRate, int channels, int bitrate) {
        OpusArguments.checkFormat(sampleRate, channels);
        OpusArguments.checkBitrate(bitrate);
        if (!libraryLoads()) {
            return Optional.empty();
        }
        return Optional.of(LibopusEncoder.open(sampleRate, channels, bitrate));
    }

    private static boolean libraryLoads() {
        Optional<String> unavailable = Opus.unavailableReason();
        unavailable.ifPresent(reason -> LOG.log(System.Logger.Level.DEBUG, reason));
        return unavailable.isEmpty();
    }
}
