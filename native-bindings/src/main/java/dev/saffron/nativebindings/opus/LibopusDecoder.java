package dev.saffron.nativebindings.opus;

import dev.saffron.spice.spi.OpusArguments;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusFormatException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A libopus decoder state, which this object owns: {@link #close()} destroys it once. Decoding and closing are
 * serialised on this object, so a close from another thread cannot free the state under a running decode.
 */
final class LibopusDecoder implements OpusDecoder {
    private final int channels;
    /** The {@code OpusDecoder *}; NULL once closed. */
    private MemorySegment state;

    private LibopusDecoder(int channels, MemorySegment state) {
        this.channels = channels;
        this.state = state;
    }

    /** @return a decoder; the library must be available and the format checked */
    static LibopusDecoder open(int sampleRate, int channels) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment error = call.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = Opus.opusDecoderCreate(sampleRate, channels, error);
            if (state.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("opus_decoder_create: "
                        + Opus.opusStrerror(error.get(ValueLayout.JAVA_INT, 0)));
            }
            return new LibopusDecoder(channels, state);
        }
    }

    @Override
    public synchronized int decode(byte[] packet, int offset, int length, short[] pcm, int pcmOffset,
                                   int maxSamplesPerChannel) throws IOException {
        OpusArguments.checkDecode(channels, packet, offset, length, pcm, pcmOffset, maxSamplesPerChannel);
        if (state.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("the Opus decoder is closed");
        }
        if (length == 0) {
            // libopus would conceal a lost packet instead; a packet that arrived empty is malformed.
            throw new OpusFormatException("empty Opus packet");
        }
        // The slices bound what libopus reads and writes to the ranges checked above.
        MemorySegment data = MemorySegment.ofArray(packet).asSlice(offset, length);
        MemorySegment out = MemorySegment.ofArray(pcm)
                .asSlice(pcmOffset * Short.BYTES, (long) maxSamplesPerChannel * channels * Short.BYTES);
        int samples = Opus.opusDecode(state, data, length, out, maxSamplesPerChannel, 0);
        if (samples == Opus.OPUS_BUFFER_TOO_SMALL) {
            throw new OpusFormatException("the Opus packet holds more than " + maxSamplesPerChannel
                    + " samples per channel");
        }
        if (samples == Opus.OPUS_INVALID_PACKET) {
            throw new OpusFormatException("corrupt Opus packet: " + Opus.opusStrerror(samples));
        }
        if (samples < 0) {
            throw new IOException("opus_decode: " + Opus.opusStrerror(samples));
        }
        return samples;
    }

    @Override
    public synchronized void close() {
        if (!state.equals(MemorySegment.NULL)) {
            Opus.opusDecoderDestroy(state);
            state = MemorySegment.NULL;
        }
    }
}
