package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.spi.AudioSource;

import java.io.IOException;
import java.time.Duration;

/**
 * An {@link AudioSource} whose capture runs on a thread of its own ({@code saffron-audio-<name>}), 10 ms at a
 * time, from {@link #start} to {@link #stop}. Subclasses say where the audio comes from.
 */
abstract class CaptureSource implements AudioSource {
    private static final System.Logger LOG = System.getLogger(CaptureSource.class.getName());
    static final Duration PERIOD = Duration.ofMillis(10);

    /** One capture, start to stop: reads periods until told to end. */
    interface Capture extends AutoCloseable {
        /**
         * Fills {@code samples} with the next period, waiting for it in real time.
         *
         * @return whether to deliver it (false: muted on the host, deliver nothing)
         */
        boolean read(short[] samples, int frames) throws IOException;

        @Override
        void close();
    }

    private final String name;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private Thread capturing;
    /** Guarded by lock. */
    private Capture capture;

    CaptureSource(String name) {
        this.name = name;
    }

    /** Opens the capture for {@code format}. */
    abstract Capture open(PcmFormat format) throws IOException;

    @Override
    public void start(PcmFormat format, Receiver receiver) throws IOException {
        stop();
        Capture opened = open(format);
        synchronized (lock) {
            capture = opened;
            capturing = Thread.ofPlatform().daemon().name("saffron-audio-" + name)
                    .start(() -> run(opened, format, receiver));
        }
    }

    private void run(Capture from, PcmFormat format, Receiver receiver) {
        int frames = (int) format.framesIn(PERIOD);
        short[] samples = new short[frames * format.channels()];
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (from.read(samples, frames)) {
                    receiver.accept(samples, 0, samples.length);
                }
            } catch (IOException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: capture failed: {1}; the guest gets no more audio",
                            name, e.getMessage());
                }
                return;
            }
        }
    }

    @Override
    public void stop() {
        Thread running;
        Capture open;
        synchronized (lock) {
            running = capturing;
            open = capture;
            capturing = null;
            capture = null;
        }
        if (running != null) {
            running.interrupt();
            open.close();
            try {
                running.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
