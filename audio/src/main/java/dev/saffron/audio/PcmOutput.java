package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;

import java.io.IOException;
import java.time.Duration;

/** Where a {@link PacedSink} puts its audio: a sound device, or a file written at the pace of a clock. */
interface PcmOutput extends AutoCloseable {
    /** @return the format it plays; a stream in another format cannot use it */
    PcmFormat format();

    /** Plays {@code frames} frames of interleaved samples; returns once the output can take the next period. */
    void write(short[] samples, int frames) throws IOException;

    /** @return how long what was written waits in the output before it is heard */
    Duration delay();

    @Override
    void close();
}
