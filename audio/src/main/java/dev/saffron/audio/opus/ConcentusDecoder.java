package dev.saffron.audio.opus;

import dev.saffron.spice.spi.OpusArguments;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusFormatException;
import io.github.jaredmdobson.concentus.OpusException;

import java.io.IOException;

/** A concentus decoder. Decoding and closing are serialised on this object, as with the native decoder. */
final class ConcentusDecoder implements OpusDecoder {
    private final int channels;
    /** Null once closed. */
    private io.github.jaredmdobson.concentus.OpusDecoder decoder;

    private ConcentusDecoder(int channels, io.github.jaredmdobson.concentus.OpusDecoder decoder) {
        this.channels = channels;
        this.decoder = decoder;
    }

    /** @return a decoder for a checked format */
    static ConcentusDecoder open(int sampleRate, int channels) {
        try {
            return new ConcentusDecoder(channels, new io.github.jaredmdobson.concentus.OpusDecoder(sampleRate, channels));
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
        try {
            return decoder.decode(packet, offset, length, pcm, pcmOffset, maxSamplesPerChannel, false);
        } catch (OpusException e) {
            throw new OpusFormatException("Opus packet does not decode: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A port's bug on hostile input must not take the channel down: the packet is refused like a corrupt
            // one, and the decoder starts afresh, since the failure may have left its state half updated.
            decoder.resetState();
            throw new OpusFormatException("concentus fails on the Opus packet: " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        decoder = null;
    }
}
