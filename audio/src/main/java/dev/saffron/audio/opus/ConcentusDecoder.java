package dev.saffron.audio.opus;

import dev.saffron.spice.spi.OpusArguments;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusFormatException;
import io.github.jaredmdobson.concentus.OpusException;

import java.io.IOException;

/**
 * A concentus decoder. It decodes into a buffer of its own and copies the samples out: concentus 1.0.2 can
 * write a sample before the output offset it is given (fuzzing found it, on a switch from SILK to CELT), which
 * must not reach the caller's array. Decoding and closing are serialised on this object, as with the native
 * decoder.
 */
final class ConcentusDecoder implements OpusDecoder {
    /** The longest a packet may last. */
    private static final int MAX_PACKET_MS = 120;

    private final int channels;
    /** The most samples per channel a packet can hold at this decoder's rate. */
    private final int maxPacketSamples;
    /** Where concentus decodes to, at offset 0. */
    private final short[] decoded;
    /** Null once closed. */
    private io.github.jaredmdobson.concentus.OpusDecoder decoder;

    private ConcentusDecoder(int sampleRate, int channels, io.github.jaredmdobson.concentus.OpusDecoder decoder) {
        this.channels = channels;
        this.maxPacketSamples = sampleRate / 1000 * MAX_PACKET_MS;
        this.decoded = new short[maxPacketSamples * channels];
        this.decoder = decoder;
    }

    /** @return a decoder for a checked format */
    static ConcentusDecoder open(int sampleRate, int channels) {
        try {
            return new ConcentusDecoder(sampleRate, channels,
                    new io.github.jaredmdobson.concentus.OpusDecoder(sampleRate, channels));
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refuses " + sampleRate + " Hz, " + channels + " channels", e);
        }
    }

    @Override
    public synchronized int decode(byte[] packet, int offset, int length, short[] pcm, int pcmOffset,
                                   int maxSamplesPerChannel) throws IOException {
        OpusArguments.checkDecode(channels, packet, offset, length, pcm, pcmOffset, maxSamplesPerChannel);
        if (decoder == null) {
            throw new IllegalStateException("the Opus decoder is closed");
        }
        if (length == 0) {
            // concentus would conceal a lost packet instead; a packet that arrived empty is malformed.
            throw new OpusFormatException("empty Opus packet");
        }
        int room = Math.min(maxSamplesPerChannel, maxPacketSamples);
        int samples;
        try {
            samples = decoder.decode(packet, offset, length, decoded, 0, room, false);
        } catch (OpusException e) {
            throw new OpusFormatException("Opus packet does not decode: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError e) {
            // A port's bug on hostile input must not take the channel down: the packet is refused like a corrupt
            // one, and the decoder starts afresh, since the failure may have left its state half updated.
            // concentus throws AssertionError, always, where libopus has debug-build assertions (fuzzing found
            // one in SILK's fixed-point arithmetic); it is no JVM failure, so it is caught here.
            decoder.resetState();
            throw new OpusFormatException("concentus fails on the Opus packet: " + e, e);
        }
        if (samples < 0 || samples > room) {
            decoder.resetState();
            throw new OpusFormatException("concentus reports " + samples + " samples for room of " + room);
        }
        System.arraycopy(decoded, 0, pcm, pcmOffset, samples * channels);
        return samples;
    }

    @Override
    public synchronized void close() {
        decoder = null;
    }
}
