package dev.saffron.spice;

import dev.saffron.spice.internal.audio.RecordEngine;
import dev.saffron.spice.internal.channel.ChannelHost;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guest's microphone: while the guest records, the application's PCM goes to it in 10 ms packets, raw or
 * Opus-encoded. Mirrors spice-gtk's {@code SpiceRecordChannel}; {@link SessionAudio} feeds it from an
 * {@link dev.saffron.spice.spi.AudioSource}. The session opens it when {@link SessionConfig#audioEnabled()}.
 */
public final class RecordChannel extends SpiceChannel {
    private final List<RecordChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final RecordEngine engine;

    RecordChannel(ChannelHost host, int id) {
        super(host.session());
        engine = new RecordEngine(host, id, new Events());
    }

    @Override
    RecordEngine engine() {
        return engine;
    }

    @Override
    List<RecordChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(RecordChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(RecordChannelListener listener) {
        listeners.remove(listener);
    }

    /**
     * Sends audio to the guest in the format {@link RecordChannelListener#recordStarted} named. Thread-safe;
     * packets leave in the order of the calls.
     *
     * @param samples interleaved samples; {@code length} must be a whole number of frames
     * @return whether the guest is recording; when not, the samples were discarded
     * @throws IllegalArgumentException if {@code length} is not a whole number of frames
     */
    public boolean send(short[] samples, int offset, int length) {
        return engine.send(samples, offset, length);
    }

    /** @return whether the guest is recording */
    public boolean isActive() {
        return engine.isActive();
    }

    /** @return packets sent to the server since the channel opened */
    public long sentPackets() {
        return engine.sentPackets();
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements RecordEngine.Events {
        @Override
        public void started(PcmFormat format, AudioEncoding encoding) {
            listeners.forEach(listener -> listener.recordStarted(RecordChannel.this, format, encoding));
        }

        @Override
        public void stopped() {
            listeners.forEach(listener -> listener.recordStopped(RecordChannel.this));
        }

        @Override
        public void volume(List<Integer> levels) {
            listeners.forEach(listener -> listener.volumeChanged(RecordChannel.this, levels));
        }

        @Override
        public void mute(boolean muted) {
            listeners.forEach(listener -> listener.muteChanged(RecordChannel.this, muted));
        }
    }
}
