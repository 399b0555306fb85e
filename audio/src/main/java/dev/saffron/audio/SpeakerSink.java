package dev.saffron.audio;

import dev.saffron.spice.spi.AudioSink;

/**
 * The guest's sound on the system's default output ({@code javax.sound.sampled}: ALSA or PulseAudio/PipeWire's
 * ALSA plug-in on Linux), at the guest mixer's volume. A machine without a sound output (a CI runner, a kiosk
 * without speakers) gets a clear log line from {@link dev.saffron.spice.SessionAudio} and the session goes on.
 */
public final class SpeakerSink extends PacedSink {
    public SpeakerSink() {
        super("speaker", LineOutput::open, true);
    }

    /** @return a new sink for each playback channel, for {@link dev.saffron.spice.SessionAudio#attach} */
    public static java.util.function.Supplier<AudioSink> factory() {
        return SpeakerSink::new;
    }
}
