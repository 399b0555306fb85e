package dev.saffron.spice.spi;

import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.PcmPacket;

import java.io.IOException;
import java.time.Duration;

/**
 * Plays a session's sound: a speaker, a file, a test's recorder. {@link dev.saffron.spice.SessionAudio} opens
 * one per playback channel and drives it from the session's event thread, so no method may block for long: a
 * sink queues what it is given and plays it on a thread of its own. {@code saffron-audio} provides one on the
 * system's default output ({@code javax.sound.sampled}) and one that writes a WAV file in real time.
 */
public interface AudioSink extends AutoCloseable {
    /**
     * Begins a stream. The sink holds back about {@code latency} before it starts playing, so that packets
     * arriving unevenly still play without gaps.
     *
     * @throws IOException if the sink cannot play this format here (no sound device, format refused); the
     *                     session goes on, and the stream's packets are dropped
     */
    void start(PcmFormat format, Duration latency) throws IOException;

    /** Queues the stream's next packet; never blocks. Ignored outside a stream. */
    void write(PcmPacket packet);

    /** The server asks for at least {@code minimum} of buffering from now on. */
    void setLatency(Duration minimum);

    /** @return how long until the last packet written is heard: what is queued plus the device's own delay */
    Duration delay();

    /** Sets the output level from the guest's mixer, 0 (silent) to 1 (full). */
    void setVolume(double level);

    /** Mutes or unmutes the output, as the guest's mixer says. */
    void setMuted(boolean muted);

    /** Ends the stream: what is queued plays out, then the sink is silent until the next start. */
    void stop();

    /** @return how often the sink ran out of audio while a stream played (each gap counts once) */
    long underruns();

    /** Stops at once and frees the device. Idempotent. */
    @Override
    void close();
}
