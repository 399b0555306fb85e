/**
 * Sound for core's playback and record channels. For now a pure-Java Opus codec (concentus), which core uses
 * when libopus (saffron-native-bindings) is not installed.
 */
// concentus ships no module descriptor and no Automatic-Module-Name: it is the automatic module named after its
// jar, which javac warns about (requires-automatic). It is the only pure-Java Opus on Maven Central.
@SuppressWarnings("requires-automatic")
module dev.saffron.audio {
    requires dev.saffron.core;
    requires concentus;

    provides dev.saffron.spice.spi.OpusCodecProvider
            with dev.saffron.audio.opus.ConcentusCodecProvider;
}
