package dev.saffron.audio.opus;

import dev.saffron.spice.spi.OpusArguments;
import dev.saffron.spice.spi.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusException;

import java.io.IOException;

/** A concentus encoder. Encoding and closing are serialised on this object, as with the native encoder. */
final class ConcentusEncoder implements OpusEncoder {
    private final int sampleRate;
    private final int channels;
    /** Null once closed. */
    private io.github.jaredmdobson.concentus.OpusEncoder encoder;

    private ConcentusEncoder(int sampleRate, int channels, io.github.jaredmdobson.concentus.OpusEncoder encoder) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.encoder = encoder;
    }

    /** @return an encoder for general audio at {@code bitrate}, for checked arguments */
    static ConcentusEncoder open(int sampleRate, int channels, int bitrate) {
        try {
            io.github.jaredmdobson.concentus.OpusEncoder encoder =
                    new io.github.jaredmdobson.concentus.OpusEncoder(sampleRate, channels,
                            OpusApplication.OPUS_APPLICATION_AUDIO);
            encoder.setBitrate(bitrate);
            return new ConcentusEncoder(sampleRate, channels, encoder);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refuses " + sampleRate + " Hz, " + channels + " channels", e);
        }
    }

    @Override
    public synchronized int encode(short[] pcm, int pcmOffset, int samplesPerChannel, byte[] packet,
                                   int packetOffset, int maxPacketBytes) throws IOException {
        OpusArguments.checkEncode(sampleRate, channels, pcm, pcmOffset, samplesPerChannel, packet, packetOffset,
                maxPacketBytes);
        if (encoder == null) {
            throw new IllegalStateException("the Opus encoder is closed");
        }
        try {
            return encoder.encode(pcm, pcmOffset, samplesPerChannel, packet, packetOffset, maxPacketBytes);
        } catch (OpusException e) {
            throw new IOException("concentus cannot encode into " + maxPacketBytes + " bytes: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        encoder = null;
    }
}
