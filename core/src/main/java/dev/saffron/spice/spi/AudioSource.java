package dev.saffron.spice.spi;

import dev.saffron.spice.PcmFormat;

import java.io.IOException;

/**
 * The microphone a session records from: a capture device, a file, a test's tone. {@link
 * dev.saffron.spice.SessionAudio} starts it when the guest records and stops it when the guest stops.
 * {@code saffron-audio} provides one on the system's default input ({@code javax.sound.sampled}) and one that
 * plays a WAV file in real time.
 */
public interface AudioSource extends AutoCloseable {
    /** Where a source delivers what it captured, on a thread of its own, in real time. */
    @FunctionalInterface
    interface Receiver {
        /** @param samples interleaved samples of the started format, whole frames; only valid during the call */
        void accept(short[] samples, int offset, int length);
    }

    /**
     * Starts capturing in {@code format}. A source muted on the host delivers nothing while muted, so the guest
     * gets no audio from it, as with spice-gtk.
     *
     * @throws IOException if it cannot capture this format here (no capture device, format refused); the
     *                     session goes on and the guest records nothing
     */
    void start(PcmFormat format, Receiver receiver) throws IOException;

    /** Stops capturing; {@link #start} may follow. */
    void stop();

    /** Stops and frees the device. Idempotent. */
    @Override
    void close();
}
