package dev.saffron.gl.internal;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which frame ends a key's measurement, read back from a Flight Recorder file. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyToPresentTrackerTest {
    private static final String EVENT = "saffron.KeyToPresent";
    private static final int X_A = 38;
    private static final int X_S = 39;
    private static final int X_ESCAPE = 9;

    private final KeyToPresentTracker tracker = new KeyToPresentTracker();

    @FunctionalInterface
    private interface Typing {
        void run() throws InterruptedException;
    }

    @Test
    void aPressIsMeasuredToTheFirstFrameCarryingAChangeThatArrivedAfterItWasSent(@TempDir Path dir)
            throws Exception {
        long[] change = new long[1];
        long[] presented = new long[1];
        List<RecordedEvent> events = recorded(dir, true, () -> {
            tracker.pressReceived();
            long beforeSend = System.nanoTime();
            tracker.pressSent(X_A);
            // Changes that arrived before the key went cannot be its answer.
            tracker.framePresented(beforeSend, System.nanoTime());
            Thread.sleep(20);
            // A second key while the first waits is counted in its measurement.
            tracker.pressReceived();
            tracker.pressSent(X_S);
            Thread.sleep(20);
            change[0] = System.nanoTime();
            Thread.sleep(30);
            presented[0] = System.nanoTime();
            tracker.framePresented(change[0], presented[0]);
            // Answered: the frames after measure nothing until another key.
            tracker.framePresented(System.nanoTime(), System.nanoTime());
        });

        assertEquals(1, events.size(), events.toString());
        RecordedEvent event = events.getFirst();
        assertEquals(X_A, event.getInt("keycode"));
        assertEquals(2, event.getInt("keys"));
        assertEquals(Duration.ofNanos(presented[0] - change[0]), event.getDuration("windowNanos"));
        assertTrue(event.getDuration().compareTo(Duration.ofMillis(70)) >= 0, event.toString());
        assertTrue(event.getDuration().compareTo(event.getDuration("windowNanos")) > 0, event.toString());
    }

    @Test
    void aPressTheWindowKeptMeasuresNothingAndTheNextPressSentDoes(@TempDir Path dir) throws Exception {
        List<RecordedEvent> events = recorded(dir, true, () -> {
            // A hotkey: received, never sent.
            tracker.pressReceived();
            Thread.sleep(5);
            tracker.framePresented(System.nanoTime(), System.nanoTime());
            tracker.pressReceived();
            tracker.pressSent(X_ESCAPE);
            Thread.sleep(5);
            tracker.framePresented(System.nanoTime(), System.nanoTime());
        });

        assertEquals(1, events.size(), events.toString());
        assertEquals(X_ESCAPE, events.getFirst().getInt("keycode"));
        assertEquals(1, events.getFirst().getInt("keys"));
    }

    @Test
    void aRecordingWithoutTheEventMeasuresNothing(@TempDir Path dir) throws Exception {
        List<RecordedEvent> events = recorded(dir, false, () -> {
            tracker.pressReceived();
            tracker.pressSent(X_A);
            Thread.sleep(5);
            tracker.framePresented(System.nanoTime(), System.nanoTime());
        });

        assertEquals(List.of(), events);
    }

    private static List<RecordedEvent> recorded(Path dir, boolean enabled, Typing typing)
            throws IOException, InterruptedException {
        Path file = dir.resolve("keys.jfr");
        try (Recording recording = new Recording()) {
            if (enabled) {
                recording.enable(EVENT).withoutThreshold();
            } else {
                recording.disable(EVENT);
            }
            recording.start();
            typing.run();
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().equals(EVENT))
                .toList();
    }
}
