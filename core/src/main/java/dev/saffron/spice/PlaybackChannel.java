package dev.saffron.spice;

import dev.saffron.spice.internal.audio.PlaybackEngine;
import dev.saffron.spice.internal.channel.ChannelHost;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guest's sound: the server's stream, decoded to PCM (raw or Opus on the wire), with the guest mixer's
 * volume and mute and the server's latency wish, for the application to play. Mirrors spice-gtk's
 * {@code SpicePlaybackChannel}; {@link SessionAudio} connects it to an {@link dev.saffron.spice.spi.AudioSink}.
 * The session opens it when {@link SessionConfig#audioEnabled()}.
 */
public final class PlaybackChannel extends SpiceChannel {
    private final List<PlaybackChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final PlaybackEngine engine;

    PlaybackChannel(ChannelHost host, int id) {
        super(host.session());
        engine = new PlaybackEngine(host, id, new Events());
    }

    @Override
    PlaybackEngine engine() {
        return engine;
    }

    @Override
    List<PlaybackChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(PlaybackChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(PlaybackChannelListener listener) {
        listeners.remove(listener);
    }

    /**
     * Tells the channel how long the player needs before the last packet it was given is heard (spice-gtk's
     * {@code spice_playback_channel_set_delay}). The session's multimedia clock then follows what is heard, and
     * video frames, which are shown by that clock, stay in step with the sound. Call it now and then while a
     * stream plays (spice-gtk does every 100 packets, about a second).
     */
    public void setDelay(Duration delay) {
        engine.setDelay(Objects.requireNonNull(delay, "delay"));
    }

    /** @return whether a stream is playing (between its start and stop) */
    public boolean isActive() {
        return engine.isActive();
    }

    /** @return packets decoded and handed to the listeners since the channel opened */
    public long playedPackets() {
        return engine.playedPackets();
    }

    /**
     * @return messages dropped since the channel opened: packets outside a stream, larger than the stream's
     *         mode allows or that do not decode, and volumes for no channel; the stream goes on after each
     */
    public long droppedMessages() {
        return engine.droppedMessages();
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements PlaybackEngine.Events {
        @Override
        public void started(PcmFormat format, AudioEncoding encoding) {
            listeners.forEach(listener -> listener.playbackStarted(PlaybackChannel.this, format, encoding));
        }

        @Override
        public void data(PcmPacket packet) {
            listeners.forEach(listener -> listener.playbackData(PlaybackChannel.this, packet));
        }

        @Override
        public void stopped() {
            listeners.forEach(listener -> listener.playbackStopped(PlaybackChannel.this));
        }

        @Override
        public void volume(List<Integer> levels) {
            listeners.forEach(listener -> listener.volumeChanged(PlaybackChannel.this, levels));
        }

        @Override
        public void mute(boolean muted) {
            listeners.forEach(listener -> listener.muteChanged(PlaybackChannel.this, muted));
        }

        @Override
        public void latency(Duration minimum) {
            listeners.forEach(listener -> listener.latencyChanged(PlaybackChannel.this, minimum));
        }
    }
}
