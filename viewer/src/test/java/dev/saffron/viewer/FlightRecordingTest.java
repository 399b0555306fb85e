package dev.saffron.viewer;

import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --jfr}: taken off the command line wherever it stands, and the recording written when the command ends. */
class FlightRecordingTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void theOptionIsTakenOutAndTheRecordingWrittenWhenTheCommandEnds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.jfr");
        List<List<String>> seen = new ArrayList<>();
        int code = FlightRecording.around(List.of("info", "--jfr", file.toString(), "spice://h:1"), errStream, rest -> {
            seen.add(rest);
            return 3;
        });
        assertEquals(3, code, "the command's own exit code");
        assertEquals(List.of(List.of("info", "spice://h:1")), seen);
        try (RecordingFile recording = new RecordingFile(file)) {
            assertTrue(recording.readEventTypes().stream().anyMatch(t -> t.getName().equals("jdk.JVMInformation")));
        }
    }

    @Test
    void theEqualsFormWorksAndWithoutTheOptionTheCommandLineIsUntouched(@TempDir Path dir) {
        Path file = dir.resolve("eq.jfr");
        List<String> argv = List.of("screenshot", "spice://h:1", "out.png");
        assertEquals(0, FlightRecording.around(argv, errStream, rest -> {
            assertEquals(argv, rest);
            return 0;
        }));
        assertEquals(0, FlightRecording.around(List.of("version", "--jfr=" + file), errStream, rest -> {
            assertEquals(List.of("version"), rest);
            return 0;
        }));
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void aMissingFileNameIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), FlightRecording.around(List.of("version", "--jfr"), errStream, rest -> 0));
        assertEquals(ExitCode.USAGE.code(), FlightRecording.around(List.of("--jfr=", "version"), errStream, rest -> 0));
        assertEquals("saffron: --jfr needs a file name\nsaffron: --jfr needs a file name\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
