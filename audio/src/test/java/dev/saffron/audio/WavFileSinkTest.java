package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.PcmPacket;
import dev.saffron.spice.testing.OpusSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WAV sink as {@code saffron audio --out} uses it: real-time file, silence where nothing played. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WavFileSinkTest {
    private static final PcmFormat STEREO = new PcmFormat(2, 48_000);

    private static short[] read(Path file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat format = in.getFormat();
            assertEquals(48_000, format.getSampleRate());
            assertEquals(2, format.getChannels());
            assertEquals(16, format.getSampleSizeInBits());
            byte[] bytes = in.readAllBytes();
            short[] samples = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            return samples;
        }
    }

    @Test
    void theFileHoldsSilenceUntilTheLatencyIsQueuedThenTheToneWhole(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("out.wav");
        // 120 ms of tone: within the latency and the drift margin, so the sink plays every frame of it.
        short[] tone = OpusSignals.sine(1000, 8000, 4000, 6);
        try (WavFileSink sink = new WavFileSink(file)) {
            sink.start(STEREO, Duration.ofMillis(100));
            for (int at = 0; at < tone.length; at += 960) {
                if (at == 5 * 960) {
                    // 50 ms queued, under the 100 ms latency: the sink holds it back, and writes silence.
                    Thread.sleep(300);
                }
                sink.write(new PcmPacket(STEREO, Arrays.copyOfRange(tone, at, at + 960), at));
            }
            sink.stop();
            Thread.sleep(600);
            assertEquals(0, sink.underruns(), "the end of a stream is no underrun");
        }
        short[] written = read(file);
        assertTrue(written.length >= 2 * 48_000 * 8 / 10, "real time: about 0.9 s of audio, " + written.length);
        int nonZero = 0;
        while (written[nonZero] == 0) {
            nonZero++;
        }
        // The tone's first frame is itself 0 (a sine starts there): it begins one frame before the first sound.
        int first = (nonZero / 2 - 1) * 2;
        assertTrue(first / 2 >= 48 * 250, "silence while less than the latency was queued: " + first / 2 + " frames");
        short[] heard = Arrays.copyOfRange(written, first, first + tone.length);
        assertEquals(Arrays.toString(Arrays.copyOf(tone, 16)), Arrays.toString(Arrays.copyOf(heard, 16)));
        assertTrue(Arrays.equals(tone, heard), "the tone arrives whole, sample for sample");
        assertEquals(0, written[first + tone.length + 2], "then silence again");
    }

    @Test
    void aLaterStreamInAnotherFormatIsRefused(@TempDir Path temp) throws Exception {
        try (WavFileSink sink = new WavFileSink(temp.resolve("out.wav"))) {
            sink.start(STEREO, Duration.ofMillis(20));
            sink.stop();
            assertThrows(java.io.IOException.class, () -> sink.start(new PcmFormat(1, 44_100), Duration.ofMillis(20)));
        }
    }
}
