package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes what the guest plays to a WAV file in real time, silence included from the first stream's start, with
 * the samples as the guest sent them (the guest mixer's volume is not applied). The file takes the first
 * stream's format; a later stream in another format is refused. The file is complete once the sink is closed.
 */
public final class WavFileSink extends PacedSink {
    public WavFileSink(Path file) {
        super("wav-" + file.getFileName(), format -> WavOutput.create(file, format), false);
    }

    @Override
    void reopen(PcmFormat format) throws IOException {
        throw new IOException("the WAV file holds " + output().format() + " and the guest now plays " + format);
    }
}
