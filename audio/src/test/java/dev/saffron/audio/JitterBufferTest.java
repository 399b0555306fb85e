package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jitter buffer's rules, on a mono 1 kHz format so that one millisecond is one frame. */
class JitterBufferTest {
    private static final PcmFormat MONO_1K = new PcmFormat(1, 8000);

    private static short[] ramp(int from, int length) {
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) (from + i);
        }
        return samples;
    }

    @Test
    void nothingPlaysUntilTheTargetIsQueuedThenEverythingPlaysInOrder() {
        JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(10));
        short[] out = new short[40];
        buffer.write(ramp(1, 40));
        assertFalse(buffer.read(out, 40), "40 frames are 5 ms at 8 kHz, under the 10 ms target");
        assertEquals(0, out[0]);
        buffer.write(ramp(41, 40));
        assertTrue(buffer.read(out, 40));
        assertEquals(1, out[0]);
        assertEquals(40, out[39]);
        assertEquals(Duration.ofMillis(5), buffer.queued());
        assertEquals(0, buffer.underruns());
    }

    @Test
    void runningDryCountsOneUnderrunAndWaitsForTheTargetAgain() {
        JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(10));
        short[] out = new short[80];
        buffer.write(ramp(1, 80));
        assertTrue(buffer.read(out, 60));
        assertTrue(buffer.read(out, 60), "the last 20 frames, then silence");
        assertEquals(61, out[0]);
        assertEquals(0, out[20]);
        assertEquals(1, buffer.underruns());
        buffer.write(ramp(1, 40));
        assertFalse(buffer.read(out, 40), "under the target again: silence, and no second underrun");
        assertEquals(1, buffer.underruns());
    }

    @Test
    void anUnderrunIsAFlightRecorderEventWithTheBuffersTarget(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audio.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("saffron.AudioUnderrun");
            recording.start();
            JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(10));
            short[] out = new short[80];
            buffer.write(ramp(1, 80));
            buffer.read(out, 60);
            buffer.read(out, 60);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("saffron.AudioUnderrun")).toList();
        assertEquals(1, events.size(), events.toString());
        assertEquals(Duration.ofMillis(10), events.getFirst().getDuration("targetNanos"));
    }

    @Test
    void theEndOfAStreamPlaysOutWithoutWaitingAndIsNoUnderrun() {
        JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(100));
        short[] out = new short[80];
        buffer.write(ramp(1, 30));
        buffer.drain();
        assertTrue(buffer.read(out, 80));
        assertEquals(30, out[29]);
        assertEquals(0, out[30]);
        assertFalse(buffer.read(out, 80));
        assertEquals(0, buffer.underruns());
    }

    @Test
    void aStreamStartingWhileTheLastOnePlaysOutIsHeldBackAndDoesNotRunDry() {
        JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(10));
        short[] out = new short[40];
        buffer.write(ramp(1, 80));
        buffer.read(out, 40);
        buffer.drain();
        buffer.restart();
        buffer.write(ramp(100, 20));
        assertFalse(buffer.read(out, 40), "60 frames queued, under the target: held back");
        buffer.write(ramp(120, 40));
        assertTrue(buffer.read(out, 40));
        assertEquals(41, out[0], "the last stream's end first");
        assertTrue(buffer.read(out, 40));
        assertEquals(100, out[0], "then the new one");
        assertEquals(0, buffer.underruns());
    }

    @Test
    void aBacklogBeyondTheMarginShrinksByOneFrameInFiveHundred() {
        JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(10));
        // 80 frames target + 320 margin at 8 kHz: 1000 queued is well beyond.
        buffer.write(ramp(0, 1000));
        short[] out = new short[500];
        buffer.read(out, 500);
        assertEquals(1, buffer.skippedFrames());
        assertEquals(499, buffer.queued().toNanos() * 8000 / 1_000_000_000L);
        buffer.read(out, 200);
        assertEquals(1, buffer.skippedFrames(), "within the margin now: nothing more is skipped");
    }

    @Test
    void aQueueFarUnderTheTargetPlaysOneFrameTwiceInFiveHundred() {
        JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(200));
        // Target 1600 frames, margin 320: primed at 1600, then read down to 1000, under 1280.
        buffer.write(ramp(0, 1600));
        short[] out = new short[600];
        buffer.read(out, 600);
        assertEquals(0, buffer.repeatedFrames(), "within the margin still");
        buffer.read(out, 500);
        assertEquals(1, buffer.repeatedFrames());
        assertEquals(600, out[0]);
        assertEquals(600, out[1], "the frame plays twice");
        assertEquals(601, out[2]);
        assertEquals(0, buffer.underruns());
    }

    @Test
    void whatDoesNotFitIsDroppedAndCounted() {
        JitterBuffer buffer = new JitterBuffer(MONO_1K, Duration.ofMillis(10));
        int capacity = (int) MONO_1K.framesIn(JitterBuffer.CAPACITY);
        buffer.write(new short[capacity - 10]);
        buffer.write(new short[20]);
        assertEquals(1, buffer.overflows());
        assertEquals(JitterBuffer.CAPACITY, buffer.queued());
    }
}
