package dev.saffron.viewer;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Test tones for the audio tests, and what a recording says about them: its strongest frequency (an FFT peak),
 * its level, and the longest silence inside it. Stereo 16-bit at 48 kHz throughout, as spice-server streams.
 */
final class Tones {
    static final int RATE = 48_000;
    static final int CHANNELS = 2;

    private Tones() {
    }

    /**
     * @return a WAV file's bytes: a sine of {@code frequency} Hz with peak {@code amplitude} on both channels for
     *         {@code seconds}, then half a second of silence (QEMU may cut a stream's last moments when the guest
     *         closes it: the silence is what gets cut, not the tone)
     */
    static byte[] sineWav(double frequency, int amplitude, double seconds) throws IOException {
        int frames = (int) ((seconds + 0.5) * RATE);
        int toneFrames = (int) (seconds * RATE);
        ByteBuffer pcm = ByteBuffer.allocate(frames * CHANNELS * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short sample = i < toneFrames
                    ? (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / RATE)) : 0;
            pcm.putShort(sample).putShort(sample);
        }
        AudioFormat format = new AudioFormat(RATE, 16, CHANNELS, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, frames),
                javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** @return the left channel of a 16-bit stereo WAV file */
    static short[] leftChannel(byte[] wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            return left(in);
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IOException(e);
        }
    }

    static short[] leftChannel(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            return left(in);
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IOException(e);
        }
    }

    private static short[] left(AudioInputStream in) throws IOException {
        AudioFormat format = in.getFormat();
        if (format.getSampleSizeInBits() != 16 || format.getChannels() != CHANNELS || format.isBigEndian()) {
            throw new IOException("not 16-bit little-endian stereo: " + format);
        }
        ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        short[] left = new short[bytes.remaining() / 4];
        for (int i = 0; i < left.length; i++) {
            left[i] = bytes.getShort(4 * i);
        }
        return left;
    }

    /** @return the index of the first sample louder than {@code threshold}, or -1 */
    static int firstLoud(short[] samples, int threshold) {
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) > threshold) {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the last sample louder than {@code threshold}, or -1 */
    static int lastLoud(short[] samples, int threshold) {
        for (int i = samples.length - 1; i >= 0; i--) {
            if (Math.abs(samples[i]) > threshold) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the longest run of samples no louder than {@code threshold} between {@code from} and {@code to}, in
     *         milliseconds: a gap in a tone (a tone crosses zero, but never stays near it for long)
     */
    static double longestGapMillis(short[] samples, int from, int to, int threshold) {
        int longest = 0;
        int run = 0;
        for (int i = from; i <= to; i++) {
            run = Math.abs(samples[i]) <= threshold ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest * 1000.0 / RATE;
    }

    /** @return the RMS level of {@code length} samples from {@code from}, in dB below full scale */
    static double levelDb(short[] samples, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            double s = samples[i] / 32768.0;
            sum += s * s;
        }
        return 10 * Math.log10(sum / length);
    }

    /**
     * @return the strongest frequency in the 65536 samples from {@code from} (an FFT under a Hann window, its
     *         peak bin refined by a parabola through its neighbours): 0.73 Hz bins, well under a hertz of error
     */
    static double peakFrequency(short[] samples, int from) {
        int n = 1 << 16;
        if (from + n > samples.length) {
            throw new IllegalArgumentException("needs " + n + " samples from " + from + ", have " + samples.length);
        }
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            double window = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            re[i] = samples[from + i] * window;
        }
        fft(re, im);
        int peak = 1;
        double[] magnitude = new double[n / 2];
        for (int i = 1; i < n / 2; i++) {
            magnitude[i] = Math.log(Math.hypot(re[i], im[i]) + 1e-9);
            if (magnitude[i] > magnitude[peak]) {
                peak = i;
            }
        }
        double offset = 0;
        if (peak > 1 && peak < n / 2 - 1) {
            double a = magnitude[peak - 1];
            double b = magnitude[peak];
            double c = magnitude[peak + 1];
            offset = 0.5 * (a - c) / (a - 2 * b + c);
        }
        return (peak + offset) * RATE / n;
    }

    /** In-place radix-2 FFT. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int length = 2; length <= n; length <<= 1) {
            double angle = -2 * Math.PI / length;
            double wRe = Math.cos(angle);
            double wIm = Math.sin(angle);
            for (int i = 0; i < n; i += length) {
                double curRe = 1;
                double curIm = 0;
                for (int k = 0; k < length / 2; k++) {
                    int a = i + k;
                    int b = a + length / 2;
                    double tRe = re[b] * curRe - im[b] * curIm;
                    double tIm = re[b] * curIm + im[b] * curRe;
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    double next = curRe * wRe - curIm * wIm;
                    curIm = curRe * wIm + curIm * wRe;
                    curRe = next;
                }
            }
        }
    }
}
