package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import java.io.IOException;
import java.time.Duration;

/** The system's default sound output through {@code javax.sound.sampled}; its own buffer paces the writes. */
final class LineOutput implements PcmOutput {
    /** The device buffer: long enough to ride out a scheduling hiccup, short enough to keep latency low. */
    private static final Duration DEVICE_BUFFER = Duration.ofMillis(60);

    private final PcmFormat format;
    private final SourceDataLine line;
    private byte[] bytes = new byte[0];

    private LineOutput(PcmFormat format, SourceDataLine line) {
        this.format = format;
        this.line = line;
    }

    /** @throws IOException if the system has no output for this format (no sound card, no sound server) */
    static LineOutput open(PcmFormat format) throws IOException {
        AudioFormat wanted = audioFormat(format);
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(wanted);
            line.open(wanted, (int) format.framesIn(DEVICE_BUFFER) * format.bytesPerFrame());
            line.start();
            return new LineOutput(format, line);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("no sound output for " + format.channels() + " channels at " + format.sampleRate()
                    + " Hz (" + e.getMessage() + ")", e);
        }
    }

    static AudioFormat audioFormat(PcmFormat format) {
        return new AudioFormat(format.sampleRate(), 16, format.channels(), true, false);
    }

    @Override
    public PcmFormat format() {
        return format;
    }

    @Override
    public void write(short[] samples, int frames) {
        int length = frames * format.channels();
        if (bytes.length < length * 2) {
            bytes = new byte[length * 2];
        }
        for (int i = 0; i < length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        line.write(bytes, 0, length * 2);
    }

    @Override
    public Duration delay() {
        int pending = line.getBufferSize() - line.available();
        return format.durationOf(Math.max(0, pending) / format.bytesPerFrame());
    }

    @Override
    public void close() {
        line.stop();
        line.flush();
        line.close();
    }
}
