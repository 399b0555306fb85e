package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * A WAV file as the guest's microphone, played in real time from the start of each recording, then silence.
 * The file must have the guest's sample rate (spice-server records at 48 kHz); any PCM sample size the JDK
 * converts is accepted, and a mono file feeds every channel.
 */
public final class WavFileSource extends CaptureSource {
    private final Path file;

    public WavFileSource(Path file) {
        super("wav-" + file.getFileName());
        this.file = file;
    }

    /**
     * Checks that the file can be read as the microphone at all, so a command can refuse it before it connects.
     *
     * @throws IOException if it is not a PCM WAV file
     */
    public static void check(Path file) throws IOException {
        try (AudioInputStream ignored = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat format = ignored.getFormat();
            if (format.getEncoding() != AudioFormat.Encoding.PCM_SIGNED
                    && format.getEncoding() != AudioFormat.Encoding.PCM_UNSIGNED) {
                throw new IOException(file + " is not PCM audio (" + format.getEncoding() + ")");
            }
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + " is not a WAV file Saffron can read: " + e.getMessage(), e);
        }
    }

    @Override
    Capture open(PcmFormat format) throws IOException {
        AudioInputStream source;
        try {
            source = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + " is not a WAV file Saffron can read: " + e.getMessage(), e);
        }
        AudioFormat found = source.getFormat();
        if (Math.round(found.getSampleRate()) != format.sampleRate()) {
            source.close();
            throw new IOException(file + " is at " + Math.round(found.getSampleRate()) + " Hz; the guest records at "
                    + format.sampleRate() + " Hz");
        }
        int fileChannels = found.getChannels();
        AudioFormat wanted = new AudioFormat(found.getSampleRate(), 16, fileChannels, true, false);
        AudioInputStream pcm;
        try {
            pcm = AudioSystem.getAudioInputStream(wanted, source);
        } catch (IllegalArgumentException e) {
            source.close();
            throw new IOException(file + ": cannot convert " + found + " to 16-bit samples", e);
        }
        return new FileCapture(pcm, fileChannels, format);
    }

    /** Reads the file a period at a time, at the pace a microphone would deliver it. */
    private static final class FileCapture implements Capture {
        private final InputStream pcm;
        private final int fileChannels;
        private final PcmFormat format;
        private final long startNanos = System.nanoTime();
        private long framesDelivered;
        private byte[] bytes = new byte[0];
        private boolean ended;

        FileCapture(InputStream pcm, int fileChannels, PcmFormat format) {
            this.pcm = pcm;
            this.fileChannels = fileChannels;
            this.format = format;
        }

        @Override
        public boolean read(short[] samples, int frames) throws IOException {
            long due = startNanos + format.durationOf(framesDelivered).toNanos();
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("stopped");
                }
            }
            framesDelivered += frames;
            Arrays.fill(samples, 0, frames * format.channels(), (short) 0);
            if (ended) {
                return true;
            }
            int length = frames * fileChannels * 2;
            if (bytes.length < length) {
                bytes = new byte[length];
            }
            int filled = pcm.readNBytes(bytes, 0, length);
            ended = filled < length;
            for (int frame = 0; frame < filled / (fileChannels * 2); frame++) {
                for (int channel = 0; channel < format.channels(); channel++) {
                    int from = (frame * fileChannels + Math.min(channel, fileChannels - 1)) * 2;
                    samples[frame * format.channels() + channel] = (short) ((bytes[from] & 0xFF) | bytes[from + 1] << 8);
                }
            }
            return true;
        }

        @Override
        public void close() {
            try {
                pcm.close();
            } catch (IOException e) {
                System.getLogger(WavFileSource.class.getName()).log(System.Logger.Level.DEBUG,
                        "closing the WAV file failed: {0}", e.getMessage());
            }
        }
    }
}
