package dev.saffron.spice;

import dev.saffron.spice.spi.AudioSink;
import dev.saffron.spice.spi.AudioSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plays a session's sound and feeds its microphone, as spice-gtk's {@code SpiceAudio} does: every playback
 * channel the session opens gets an {@link AudioSink}, every record channel an {@link AudioSource}. The sink's
 * delay is folded into the session's multimedia clock (about once a second), so that video stays with the
 * sound. The guest's playback volume and mute go to the sink; its capture volume and mute scale what the source
 * captured before it is sent. A sink or source that cannot open (no sound device) is logged once and the session
 * goes on without it.
 */
public final class SessionAudio implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionAudio.class.getName());
    /** spice-gtk asks its backend for the playback delay every 100 packets (a second of 10 ms packets). */
    private static final int PACKETS_PER_DELAY_REPORT = 100;
    private static final double FULL_LEVEL = 65535.0;

    private final SpiceSession session;
    private final Optional<Supplier<? extends AudioSink>> sinks;
    private final Optional<Supplier<? extends AudioSource>> sources;
    private final SessionListener channels = new SessionListener() {
        @Override
        public void channelNew(SpiceChannel channel) {
            connect(channel);
        }
    };
    private final Object lock = new Object();
    /** Guarded by lock. */
    private final List<AutoCloseable> opened = new ArrayList<>();
    /** Guarded by lock: the sinks among them. */
    private final List<AudioSink> openedSinks = new ArrayList<>();
    /** Guarded by lock. */
    private boolean closed;

    private SessionAudio(SpiceSession session, Supplier<? extends AudioSink> sinks,
                         Supplier<? extends AudioSource> sources) {
        this.session = session;
        this.sinks = Optional.ofNullable(sinks);
        this.sources = Optional.ofNullable(sources);
    }

    /**
     * Connects the session's audio channels, those open now and those to come.
     *
     * @param sinks   makes a sink for each playback channel; null to leave the guest's sound unplayed
     * @param sources makes a source for each record channel; null to give the guest no microphone
     */
    public static SessionAudio attach(SpiceSession session, Supplier<? extends AudioSink> sinks,
                                      Supplier<? extends AudioSource> sources) {
        SessionAudio audio = new SessionAudio(Objects.requireNonNull(session, "session"), sinks, sources);
        session.addListener(audio.channels);
        session.channels().forEach(audio::connect);
        return audio;
    }

    private void connect(SpiceChannel channel) {
        if (channel instanceof PlaybackChannel playback && sinks.isPresent()) {
            AudioSink sink = sinks.get().get();
            if (register(sink)) {
                synchronized (lock) {
                    openedSinks.add(sink);
                }
                playback.addListener(new Player(sink));
            }
        } else if (channel instanceof RecordChannel record && sources.isPresent()) {
            AudioSource source = sources.get().get();
            if (register(source)) {
                record.addListener(new Recorder(source));
            }
        }
    }

    private boolean register(AutoCloseable device) {
        synchronized (lock) {
            if (!closed) {
                opened.add(device);
                return true;
            }
        }
        closeQuietly(device);
        return false;
    }

    /** @return how often the sinks ran out of audio while a stream played, all together */
    public long underruns() {
        synchronized (lock) {
            return openedSinks.stream().mapToLong(AudioSink::underruns).sum();
        }
    }

    /** Stops the sinks and sources and frees their devices; the channels stay open. Idempotent. */
    @Override
    public void close() {
        session.removeListener(channels);
        List<AutoCloseable> devices;
        synchronized (lock) {
            closed = true;
            devices = List.copyOf(opened);
            opened.clear();
        }
        devices.forEach(SessionAudio::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable device) {
        try {
            device.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing {0} failed: {1}", device, e.getMessage());
        }
    }

    private static double level(List<Integer> levels) {
        return levels.stream().mapToInt(Integer::intValue).average().orElse(FULL_LEVEL) / FULL_LEVEL;
    }

    /** Plays one playback channel's streams into its sink. Called on the session's event thread only. */
    private static final class Player implements PlaybackChannelListener {
        private final AudioSink sink;
        private Duration latency = Duration.ofMillis(200);
        private boolean playing;
        private boolean failed;
        private long packets;

        Player(AudioSink sink) {
            this.sink = sink;
        }

        @Override
        public void playbackStarted(PlaybackChannel channel, PcmFormat format, AudioEncoding encoding) {
            try {
                sink.start(format, latency);
                playing = true;
                packets = 0;
            } catch (IOException e) {
                playing = false;
                if (!failed) {
                    failed = true;
                    LOG.log(System.Logger.Level.WARNING, "{0}: cannot play the guest''s sound: {1}; the session goes "
                            + "on without it", channel.name(), e.getMessage());
                }
            }
        }

        @Override
        public void playbackData(PlaybackChannel channel, PcmPacket packet) {
            if (!playing) {
                return;
            }
            sink.write(packet);
            if (++packets % PACKETS_PER_DELAY_REPORT == 0) {
                channel.setDelay(sink.delay());
            }
        }

        @Override
        public void playbackStopped(PlaybackChannel channel) {
            if (playing) {
                playing = false;
                sink.stop();
            }
        }

        @Override
        public void volumeChanged(PlaybackChannel channel, List<Integer> levels) {
            sink.setVolume(level(levels));
        }

        @Override
        public void muteChanged(PlaybackChannel channel, boolean muted) {
            sink.setMuted(muted);
        }

        @Override
        public void latencyChanged(PlaybackChannel channel, Duration minimum) {
            latency = minimum;
            sink.setLatency(minimum);
        }

        @Override
        public void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
            if (event != ChannelEvent.OPENED) {
                sink.close();
            }
        }
    }

    /** Feeds one record channel from its source, scaled by the guest's capture level. */
    private static final class Recorder implements RecordChannelListener {
        private final AudioSource source;
        /** The guest's capture gain, 0 when muted; read on the source's thread. */
        private volatile double gain = 1.0;
        private double level = 1.0;
        private boolean muted;
        private boolean failed;

        Recorder(AudioSource source) {
            this.source = source;
        }

        @Override
        public void recordStarted(RecordChannel channel, PcmFormat format, AudioEncoding encoding) {
            try {
                source.start(format, (samples, offset, length) -> channel.send(scaled(samples, offset, length),
                        0, length));
            } catch (IOException e) {
                if (!failed) {
                    failed = true;
                    LOG.log(System.Logger.Level.WARNING, "{0}: cannot capture audio for the guest: {1}; the session "
                            + "goes on without it", channel.name(), e.getMessage());
                }
            }
        }

        private short[] scaled(short[] samples, int offset, int length) {
            short[] out = new short[length];
            double current = gain;
            if (current == 1.0) {
                System.arraycopy(samples, offset, out, 0, length);
            } else if (current > 0) {
                for (int i = 0; i < length; i++) {
                    out[i] = (short) Math.round(samples[offset + i] * current);
                }
            }
            return out;
        }

        @Override
        public void recordStopped(RecordChannel channel) {
            source.stop();
        }

        @Override
        public void volumeChanged(RecordChannel channel, List<Integer> levels) {
            level = level(levels);
            gain = muted ? 0 : level;
        }

        @Override
        public void muteChanged(RecordChannel channel, boolean muted) {
            this.muted = muted;
            gain = muted ? 0 : level;
        }

        @Override
        public void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
            if (event != ChannelEvent.OPENED) {
                source.close();
            }
        }
    }
}
