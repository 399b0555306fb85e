package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.PcmPacket;
import dev.saffron.spice.spi.AudioSink;

import java.io.IOException;
import java.time.Duration;

/**
 * An {@link AudioSink} over a {@link PcmOutput}: packets go into a {@link JitterBuffer}, and a player thread of
 * the sink's own ({@code saffron-audio-<name>}) takes 10 ms from it at a time and writes it to the output, whose
 * clock paces the loop. From the first stream on the output runs without a break, silence between streams, until
 * the sink is closed: a sound device then does not click on and off, and a file keeps the real timing.
 */
class PacedSink implements AudioSink {
    /** Opens the output for a stream's format. */
    @FunctionalInterface
    interface Outputs {
        PcmOutput open(PcmFormat format) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(PacedSink.class.getName());
    private static final Duration PERIOD = Duration.ofMillis(10);

    private final String name;
    private final Outputs outputs;
    private final boolean applyVolume;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private JitterBuffer buffer;
    /** Guarded by lock; written by the player thread only while it holds the lock. */
    private PcmOutput output;
    /** Guarded by lock. */
    private Thread player;
    /** Guarded by lock. */
    private boolean closed;
    private volatile double level = 1.0;
    private volatile boolean muted;

    /**
     * @param applyVolume whether the guest mixer's volume and mute scale what is played (a speaker), or the
     *                    samples stay as the guest sent them (a file)
     */
    PacedSink(String name, Outputs outputs, boolean applyVolume) {
        this.name = name;
        this.outputs = outputs;
        this.applyVolume = applyVolume;
    }

    @Override
    public void start(PcmFormat format, Duration latency) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException(name + " is closed");
            }
            if (output != null && !output.format().equals(format)) {
                reopen(format);
            }
            if (output == null) {
                output = outputs.open(format);
            }
            if (buffer == null || !buffer.format().equals(format)) {
                buffer = new JitterBuffer(format, latency);
            } else {
                buffer.setTarget(latency);
                buffer.restart();
            }
            if (player == null) {
                player = Thread.ofPlatform().daemon().name("saffron-audio-" + name).start(this::play);
            }
        }
    }

    /** A stream in another format than the output plays: the output changes, if this kind of output can. */
    void reopen(PcmFormat format) throws IOException {
        output.close();
        output = null;
    }

    PcmOutput output() {
        synchronized (lock) {
            return output;
        }
    }

    @Override
    public void write(PcmPacket packet) {
        JitterBuffer current;
        synchronized (lock) {
            current = buffer;
        }
        if (current != null && current.format().equals(packet.format())) {
            current.write(packet.samples());
        }
    }

    @Override
    public void setLatency(Duration minimum) {
        synchronized (lock) {
            if (buffer != null) {
                buffer.setTarget(minimum);
            }
        }
    }

    @Override
    public Duration delay() {
        synchronized (lock) {
            if (buffer == null || output == null) {
                return Duration.ZERO;
            }
            return buffer.queued().plus(output.delay());
        }
    }

    @Override
    public void setVolume(double level) {
        this.level = Math.clamp(level, 0.0, 1.0);
    }

    @Override
    public void setMuted(boolean muted) {
        this.muted = muted;
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (buffer != null) {
                buffer.drain();
            }
        }
    }

    @Override
    public long underruns() {
        synchronized (lock) {
            return buffer == null ? 0 : buffer.underruns();
        }
    }

    /** @return frames skipped so that the delay does not grow with the clocks' drift */
    public long skippedFrames() {
        synchronized (lock) {
            return buffer == null ? 0 : buffer.skippedFrames();
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = player;
            lock.notifyAll();
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (output != null) {
                output.close();
                output = null;
            }
        }
    }

    private void play() {
        short[] period = new short[0];
        while (true) {
            JitterBuffer current;
            PcmOutput out;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                current = buffer;
                out = output;
            }
            if (out == null) {
                return;
            }
            int frames = (int) current.format().framesIn(PERIOD);
            int samples = frames * current.format().channels();
            if (period.length < samples) {
                period = new short[samples];
            }
            boolean audio = current.read(period, frames);
            if (audio && applyVolume) {
                scale(period, samples);
            }
            try {
                out.write(period, frames);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the sound output failed: {1}; the guest''s sound stops",
                        name, e.getMessage());
                return;
            }
        }
    }

    private void scale(short[] period, int samples) {
        double gain = muted ? 0.0 : level;
        if (gain == 1.0) {
            return;
        }
        for (int i = 0; i < samples; i++) {
            period[i] = (short) Math.round(period[i] * gain);
        }
    }
}
