package dev.saffron.nativebindings.opus;

import dev.saffron.spice.spi.OpusArguments;
import dev.saffron.spice.spi.OpusEncoder;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A libopus encoder state, which this object owns: {@link #close()} destroys it once. Encoding and closing are
 * serialised on this object, so a close from another thread cannot free the state under a running encode.
 */
final class LibopusEncoder implements OpusEncoder {
    private final int sampleRate;
    private final int channels;
    /** The {@code OpusEncoder *}; NULL once closed. */
    private MemorySegment state;

    private LibopusEncoder(int sampleRate, int channels, MemorySegment state) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.state = state;
    }

    /** @return an encoder for general audio at {@code bitrate}; the library must be available, the arguments checked */
    static LibopusEncoder open(int sampleRate, int channels, int bitrate) {
        MemorySegment state;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment error = call.allocate(ValueLayout.JAVA_INT);
            state = Opus.opusEncoderCreate(sampleRate, channels, Opus.OPUS_APPLICATION_AUDIO, error);
            if (state.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("opus_encoder_create: "
                        + Opus.opusStrerror(error.get(ValueLayout.JAVA_INT, 0)));
            }
        }
        LibopusEncoder encoder = new LibopusEncoder(sampleRate, channels, state);
        int result = Opus.opusEncoderCtl(state, Opus.OPUS_SET_BITRATE_REQUEST, bitrate);
        if (result != Opus.OPUS_OK) {
            encoder.close();
            throw new IllegalArgumentException("OPUS_SET_BITRATE(" + bitrate + "): " + Opus.opusStrerror(result));
        }
        return encoder;
    }

    @Override
    public synchronized int encode(short[] pcm, int pcmOffset, int samplesPerChannel, byte[] packet,
                                   int packetOffset, int maxPacketBytes) throws IOException {
        OpusArguments.checkEncode(sampleRate, channels, pcm, pcmOffset, samplesPerChannel, packet, packetOffset,
                maxPacketBytes);
        if (state.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("the Opus encoder is closed");
        }
        // The slices bound what libopus reads and writes to the ranges checked above.
        MemorySegment in = MemorySegment.ofArray(pcm)
                .asSlice(pcmOffset * Short.BYTES, (long) samplesPerChannel * channels * Short.BYTES);
        MemorySegment out = MemorySegment.ofArray(packet).asSlice(packetOffset, maxPacketBytes);
        int length = Opus.opusEncode(state, in, samplesPerChannel, out, maxPacketBytes);
        if (length < 0) {
            throw new IOException("opus_encode into " + maxPacketBytes + " bytes: " + Opus.opusStrerror(length));
        }
        return length;
    }

    @Override
    public synchronized void close() {
        if (!state.equals(MemorySegment.NULL)) {
            Opus.opusEncoderDestroy(state);
            state = MemorySegment.NULL;
        }
    }
}
