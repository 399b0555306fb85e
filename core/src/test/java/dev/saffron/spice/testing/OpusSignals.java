package dev.saffron.spice.testing;

import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test sounds for the Opus codecs, at 48 kHz stereo in 20 ms frames as spice-server sends them: a sine tone to
 * encode, its frequency and level measured back, and packets rebuilt by hand into ones the Opus packet rules
 * (RFC 6716, section 3) make invalid or longer.
 */
public final class OpusSignals {
    public static final int RATE = 48_000;
    public static final int CHANNELS = 2;
    /** 20 ms at 48 kHz. */
    public static final int FRAME = 960;
    /** Room for any packet: 120 ms at 48 kHz. */
    public static final int MAX_FRAME = 5760;
    /** The largest packet the encoders are given room for (libopus's recommended maximum). */
    public static final int MAX_PACKET = 4000;

    private OpusSignals() {
    }

    /**
     * @param frequency the tone, in Hz
     * @param left      the left channel's peak amplitude
     * @param right     the right channel's, so that swapped channels show
     * @param frames    how many 20 ms frames
     * @return interleaved stereo samples
     */
    public static short[] sine(double frequency, int left, int right, int frames) {
        short[] pcm = new short[frames * FRAME * CHANNELS];
        for (int i = 0; i < frames * FRAME; i++) {
            double s = Math.sin(2 * Math.PI * frequency * i / RATE);
            pcm[2 * i] = (short) Math.round(left * s);
            pcm[2 * i + 1] = (short) Math.round(right * s);
        }
        return pcm;
    }

    /** @return one packet for each whole 20 ms frame of {@code pcm} */
    public static List<byte[]> encode(OpusEncoder encoder, short[] pcm) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        byte[] packet = new byte[MAX_PACKET];
        for (int at = 0; at + FRAME * CHANNELS <= pcm.length; at += FRAME * CHANNELS) {
            int length = encoder.encode(pcm, at, FRAME, packet, 0, packet.length);
            packets.add(Arrays.copyOf(packet, length));
        }
        return packets;
    }

    /** @return the packets' samples, one after the other */
    public static short[] decode(OpusDecoder decoder, List<byte[]> packets) throws IOException {
        short[] pcm = new short[packets.size() * MAX_FRAME * CHANNELS];
        int samples = 0;
        for (byte[] packet : packets) {
            samples += decoder.decode(packet, 0, packet.length, pcm, samples * CHANNELS, MAX_FRAME);
        }
        return Arrays.copyOf(pcm, samples * CHANNELS);
    }

    /**
     * The tone's frequency from the rising zero crossings of one channel, each placed between its two samples.
     *
     * @param from the first sample (per channel) looked at
     */
    public static double frequency(short[] pcm, int channel, int from) {
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = from + 1; i < pcm.length / CHANNELS; i++) {
            int before = pcm[(i - 1) * CHANNELS + channel];
            int now = pcm[i * CHANNELS + channel];
            if (before < 0 && now >= 0) {
                double at = i - 1 + (double) -before / (now - before);
                if (first < 0) {
                    first = at;
                }
                last = at;
                crossings++;
            }
        }
        if (crossings < 2) {
            return 0;
        }
        return (crossings - 1) * RATE / (last - first);
    }

    /** @return the RMS level of one channel from sample {@code from} on, in dB below full scale */
    public static double levelDb(short[] pcm, int channel, int from) {
        double sum = 0;
        int count = 0;
        for (int i = from; i < pcm.length / CHANNELS; i++) {
            double s = pcm[i * CHANNELS + channel] / 32768.0;
            sum += s * s;
            count++;
        }
        return 10 * Math.log10(sum / count);
    }

    /**
     * @param packet a single-frame (code 0) packet
     * @return a code 1 packet holding its frame twice, which lasts twice as long
     */
    public static byte[] doubled(byte[] packet) {
        if ((packet[0] & 3) != 0) {
            throw new IllegalArgumentException("not a single-frame packet");
        }
        int frame = packet.length - 1;
        byte[] doubled = new byte[1 + 2 * frame];
        doubled[0] = (byte) (packet[0] | 1);
        System.arraycopy(packet, 1, doubled, 1, frame);
        System.arraycopy(packet, 1, doubled, 1 + frame, frame);
        return doubled;
    }

    /**
     * Packets that break the rules of RFC 6716 section 3.4, made from a valid single-frame packet so that their
     * configuration (the TOC byte's upper bits) is one the stream uses.
     */
    public static List<byte[]> invalid(byte[] packet) {
        int config = packet[0] & 0xFC;
        byte[] doubled = doubled(packet);
        int frame = packet.length - 1;
        // Code 2: the first frame's length (one byte below 252, else two: 252 + len % 4, then len / 4 - 63),
        // then both frames; cut inside the first.
        byte[] size = frame < 252 ? new byte[] {(byte) frame}
                : new byte[] {(byte) (252 + (frame & 3)), (byte) ((frame - 252 - (frame & 3)) >> 2)};
        int header = 1 + size.length;
        byte[] twoFrames = new byte[header + 2 * frame];
        twoFrames[0] = (byte) (config | 2);
        System.arraycopy(size, 0, twoFrames, 1, size.length);
        System.arraycopy(packet, 1, twoFrames, header, frame);
        System.arraycopy(packet, 1, twoFrames, header + frame, frame);
        return List.of(
                // [R5] code 3 with no frames at all
                new byte[] {(byte) (config | 3), 0},
                // [R5] code 3 with 49 frames: past 120 ms whatever the frame length
                new byte[] {(byte) (config | 3), 49, 0, 0},
                // [R3] a code 1 packet one byte short: its two equal frames no longer fit
                Arrays.copyOf(doubled, doubled.length - 1),
                // [R4] a code 2 packet whose first frame is longer than what is left
                Arrays.copyOf(twoFrames, header + frame / 2));
    }
}
