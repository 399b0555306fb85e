package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A WAV file written in real time, as a sound card would play it: each period is written when its time comes,
 * so silence between packets lands in the file as silence. The header's sizes are filled in on close (and a
 * reader that finds them zero can still read a file cut short).
 */
final class WavOutput implements PcmOutput {
    private static final int HEADER_BYTES = 44;

    private final PcmFormat format;
    private final FileChannel file;
    private final long startNanos = System.nanoTime();
    private long framesWritten;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private boolean closed;

    private WavOutput(PcmFormat format, FileChannel file) {
        this.format = format;
        this.file = file;
    }

    static WavOutput create(Path path, PcmFormat format) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            file.write(header(format, 0));
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return new WavOutput(format, file);
    }

    /** The RIFF header of 16-bit PCM with {@code dataBytes} of samples. */
    static ByteBuffer header(PcmFormat format, long dataBytes) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) format.channels()).putInt(format.sampleRate())
                .putInt(format.sampleRate() * format.bytesPerFrame()).putShort((short) format.bytesPerFrame())
                .putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return header.flip();
    }

    @Override
    public PcmFormat format() {
        return format;
    }

    @Override
    public void write(short[] samples, int frames) throws IOException {
        int length = frames * format.channels();
        if (buffer.capacity() < length * 2) {
            buffer = ByteBuffer.allocate(length * 2).order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.clear();
        for (int i = 0; i < length; i++) {
            buffer.putShort(samples[i]);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
        framesWritten += frames;
        // The next period is due when the frames written so far have played.
        long due = startNanos + format.durationOf(framesWritten).toNanos();
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    @Override
    public Duration delay() {
        return Duration.ZERO;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (file) {
            file.write(header(format, framesWritten * format.bytesPerFrame()), 0);
        } catch (IOException e) {
            System.getLogger(WavOutput.class.getName()).log(System.Logger.Level.WARNING,
                    "could not finish the WAV file''s header: {0}", e.getMessage());
        }
    }
}
