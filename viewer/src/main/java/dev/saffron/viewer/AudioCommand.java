package dev.saffron.viewer;

import dev.saffron.audio.MicrophoneSource;
import dev.saffron.audio.SpeakerSink;
import dev.saffron.audio.WavFileSink;
import dev.saffron.audio.WavFileSource;
import dev.saffron.spice.AudioEncoding;
import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.PlaybackChannel;
import dev.saffron.spice.PlaybackChannelListener;
import dev.saffron.spice.RecordChannel;
import dev.saffron.spice.RecordChannelListener;
import dev.saffron.spice.SessionAudio;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.spi.AudioSink;
import dev.saffron.spice.spi.AudioSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code saffron audio URI}: the guest's sound and microphone with no window, for scripts and tests. What the
 * guest plays goes to a WAV file ({@code --out}) or the speaker; the guest's microphone is a WAV file ({@code
 * --in}) or the default capture device. Runs {@code --seconds} seconds, or until interrupted or the server goes
 * away; the WAV file is complete either way. Says on standard output when streams start and stop, in which
 * encoding, and at the end how many packets played, were dropped, and how often the sink ran dry.
 */
final class AudioCommand {
    private AudioCommand() {
    }

    static void run(SessionConfig config, Optional<Path> out, Optional<Path> in, Optional<Duration> seconds,
                    PrintStream report) throws SpiceException, InterruptedException {
        if (in.isPresent()) {
            try {
                WavFileSource.check(in.get());
            } catch (IOException e) {
                throw new SpiceException(SpiceError.FAILED, "--in: " + e.getMessage(), e);
            }
        }
        Supplier<AudioSink> sinks = out.<Supplier<AudioSink>>map(file -> () -> new WavFileSink(file))
                .orElse(SpeakerSink::new);
        Supplier<AudioSource> sources = in.<Supplier<AudioSource>>map(file -> () -> new WavFileSource(file))
                .orElse(MicrophoneSource::new);
        // Sound only: the VM's USB redirection slots stay free for a client that redirects devices.
        SessionConfig audioOnly = config.toBuilder().audioEnabled(true).usbredirEnabled(false).build();
        try (SpiceSession session = new SpiceSession(audioOnly)) {
            Report events = new Report(report);
            session.addListener(events);
            SessionAudio audio = SessionAudio.attach(session, sinks, sources);
            // An interrupted command (Ctrl+C) still finishes the WAV file's header.
            Thread finish = new Thread(audio::close, "saffron-audio-finish");
            Runtime.getRuntime().addShutdownHook(finish);
            try {
                session.connect();
                session.awaitChannels(config.connectTimeout());
                if (session.playbackChannel().isEmpty() && session.recordChannel().isEmpty()) {
                    throw new SpiceException(SpiceError.FAILED, "the server offers no audio channels (the VM needs "
                            + "-audiodev spice with a sound card, e.g. -device intel-hda -device hda-duplex)");
                }
                report.println("connected; audio channels:"
                        + session.playbackChannel().map(channel -> " playback").orElse("")
                        + session.recordChannel().map(channel -> " record").orElse(""));
                report.flush();
                if (seconds.isPresent()) {
                    session.awaitClosed(seconds.get());
                } else {
                    while (!session.awaitClosed(Duration.ofDays(1))) {
                        // Until interrupted or the server goes away.
                    }
                }
            } finally {
                long underruns = audio.underruns();
                audio.close();
                Runtime.getRuntime().removeShutdownHook(finish);
                session.playbackChannel().ifPresent(playback -> report.println("played " + playback.playedPackets()
                        + " packets, dropped " + playback.droppedMessages() + ", the sink ran dry " + underruns
                        + " times"));
                report.flush();
            }
        }
    }

    /** Tells the user when the guest plays and records, and how. */
    private record Report(PrintStream out) implements SessionListener, PlaybackChannelListener,
            RecordChannelListener {
        @Override
        public void channelNew(SpiceChannel channel) {
            if (channel instanceof PlaybackChannel playback) {
                playback.addListener(this);
            } else if (channel instanceof RecordChannel record) {
                record.addListener(this);
            }
        }

        @Override
        public void playbackStarted(PlaybackChannel channel, PcmFormat format, AudioEncoding encoding) {
            out.println("playback started: " + describe(format, encoding));
        }

        @Override
        public void playbackStopped(PlaybackChannel channel) {
            out.println("playback stopped");
        }

        @Override
        public void volumeChanged(PlaybackChannel channel, List<Integer> levels) {
            out.println("playback volume " + levels);
        }

        @Override
        public void muteChanged(PlaybackChannel channel, boolean muted) {
            out.println("playback " + (muted ? "muted" : "unmuted"));
        }

        @Override
        public void recordStarted(RecordChannel channel, PcmFormat format, AudioEncoding encoding) {
            out.println("record started: " + describe(format, encoding));
        }

        @Override
        public void recordStopped(RecordChannel channel) {
            out.println("record stopped");
        }

        @Override
        public void volumeChanged(RecordChannel channel, List<Integer> levels) {
            out.println("record volume " + levels);
        }

        @Override
        public void muteChanged(RecordChannel channel, boolean muted) {
            out.println("record " + (muted ? "muted" : "unmuted"));
        }

        private static String describe(PcmFormat format, AudioEncoding encoding) {
            return format.channels() + " channels at " + format.sampleRate() + " Hz, " + encoding;
        }
    }
}
