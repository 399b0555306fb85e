package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A WAV file as the guest's microphone, as {@code saffron audio --in} uses it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WavFileSourceTest {
    private static Path monoWav(Path file, int rate, short[] samples) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : samples) {
            data.putShort(sample);
        }
        ByteBuffer header = WavOutput.header(new PcmFormat(1, rate), samples.length * 2L);
        byte[] bytes = new byte[header.remaining() + data.capacity()];
        header.get(bytes, 0, 44);
        System.arraycopy(data.array(), 0, bytes, 44, data.capacity());
        return Files.write(file, bytes);
    }

    @Test
    void aMonoFileFeedsBothChannelsInTenMillisecondPeriodsThenSilence(@TempDir Path temp) throws Exception {
        short[] ramp = new short[960];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) (i + 1);
        }
        Path file = monoWav(temp.resolve("in.wav"), 48_000, ramp);
        WavFileSource.check(file);
        short[] got = new short[2 * 2000];
        int[] filled = {0};
        try (WavFileSource source = new WavFileSource(file)) {
            source.start(new PcmFormat(2, 48_000), (samples, offset, length) -> {
                assertEquals(960, length, "10 ms of stereo at 48 kHz");
                synchronized (got) {
                    int taken = Math.min(length, got.length - filled[0]);
                    System.arraycopy(samples, offset, got, filled[0], taken);
                    filled[0] += taken;
                    got.notifyAll();
                }
            });
            synchronized (got) {
                while (filled[0] < got.length) {
                    got.wait();
                }
            }
        }
        assertEquals(1, got[0]);
        assertEquals(1, got[1], "the mono sample goes to both channels");
        assertEquals(960, got[2 * 959]);
        assertEquals(960, got[2 * 959 + 1]);
        for (int i = 2 * 960; i < got.length; i++) {
            assertEquals(0, got[i], "after the file: silence, at " + i);
        }
    }

    @Test
    void aFileAtAnotherRateThanTheGuestRecordsIsRefusedInWords(@TempDir Path temp) throws Exception {
        Path file = monoWav(temp.resolve("in.wav"), 44_100, new short[441]);
        try (WavFileSource source = new WavFileSource(file)) {
            IOException refused = assertThrows(IOException.class,
                    () -> source.start(new PcmFormat(2, 48_000), (samples, offset, length) -> { }));
            assertTrue(refused.getMessage().contains("44100 Hz"), refused.getMessage());
        }
    }

    @Test
    void aFileThatIsNotAudioIsRefusedBeforeAnythingStarts(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("notes.wav"), "not audio at all");
        assertThrows(IOException.class, () -> WavFileSource.check(file));
    }
}
