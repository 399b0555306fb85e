/**
 * Sound for core's playback and record channels: sinks and sources for {@code SessionAudio} on the system's
 * sound devices ({@code javax.sound.sampled}) and on WAV files, and a pure-Java Opus codec (concentus), which
 * core uses when libopus (saffron-native-bindings) is not installed.
 */
// concentus ships no module descriptor and no Automatic-Module-Name: it is the automatic module named after its
// jar, which javac warns about (requires-automatic). It is the only pure-Java Opus on Maven Central.
@SuppressWarnings("requires-automatic")
module dev.saffron.audio {
    requires transitive dev.saffron.core;
    requires concentus;
    // javax.sound.sampled: the default output and capture devices, and reading WAV files.
    requires java.desktop;
    // The saffron.AudioUnderrun Flight Recorder event.
    requires jdk.jfr;

    exports dev.saffron.audio;

    provides dev.saffron.spice.spi.OpusCodecProvider
            with dev.saffron.audio.opus.ConcentusCodecProvider;
}
