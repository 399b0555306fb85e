package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.PcmPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.SourceDataLine;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speaker on whatever this machine has: with no sound output (CI) starting it fails with an
 * {@link IOException} that says what is missing, which the session logs and goes on; with one, a stream plays
 * and the sink reports its delay.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpeakerSinkTest {
    private static final PcmFormat STEREO = new PcmFormat(2, 48_000);

    private static boolean hasOutput() {
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(LineOutput.audioFormat(STEREO));
            line.open();
            line.close();
            return true;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    @Test
    void theSpeakerPlaysWhereThereIsOneAndSaysWhatIsMissingWhereThereIsNot() throws Exception {
        try (SpeakerSink sink = new SpeakerSink()) {
            if (!hasOutput()) {
                IOException missing = assertThrows(IOException.class, () -> sink.start(STEREO, Duration.ofMillis(50)));
                assertTrue(missing.getMessage().startsWith("no sound output for 2 channels at 48000 Hz"),
                        missing.getMessage());
                assertEquals(Duration.ZERO, sink.delay());
                return;
            }
            sink.start(STEREO, Duration.ofMillis(50));
            sink.write(new PcmPacket(STEREO, new short[9600], 0));
            assertTrue(sink.delay().compareTo(Duration.ZERO) > 0, "what was written waits to be heard");
        }
    }
}
