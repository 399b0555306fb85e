package dev.saffron.viewer;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code --jfr=FILE}, for every command (Main's usage text describes it): a Flight Recorder recording of the JDK's default events and all of
 * Saffron's ({@code saffron.*}, each without a duration threshold) for the whole run, written to FILE when the
 * command ends, or when the JVM exits first (the window closed, Ctrl-C).
 */
final class FlightRecording {
    /** Saffron's events; a recording names each one it enables. */
    static final List<String> EVENTS = List.of("saffron.ImageDecoded", "saffron.Draw", "saffron.StreamFrameDropped",
            "saffron.ChannelBytes", "saffron.AudioUnderrun", "saffron.KeyToPresent");

    private static final String OPTION = "--jfr";

    private FlightRecording() {
    }

    /**
     * Runs a command line, inside a recording when it has {@code --jfr}.
     *
     * @param argv    the whole command line
     * @param command runs the command line without the option and returns the exit code
     * @return the command's exit code, or the usage code when the option has no file
     */
    static int around(List<String> argv, PrintStream err, ToIntFunction<List<String>> command) {
        List<String> rest = new ArrayList<>(argv.size());
        Path file = null;
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (word.equals(OPTION) || word.startsWith(OPTION + "=")) {
                String value = word.equals(OPTION) ? (i + 1 < argv.size() ? argv.get(++i) : "")
                        : word.substring(OPTION.length() + 1);
                if (value.isEmpty()) {
                    err.println("saffron: --jfr needs a file name");
                    return ExitCode.USAGE.code();
                }
                file = Path.of(value);
            } else {
                rest.add(word);
            }
        }
        if (file == null) {
            return command.applyAsInt(argv);
        }
        try (Recording recording = start(file)) {
            try {
                return command.applyAsInt(rest);
            } finally {
                recording.stop();
            }
        } catch (IOException | ParseException | IllegalStateException e) {
            err.println("saffron: cannot record Flight Recorder events into " + file + ": " + e.getMessage());
            return ExitCode.FAILED.code();
        }
    }

    private static Recording start(Path file) throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("default"));
        try {
            for (String event : EVENTS) {
                recording.enable(event).withoutThreshold();
            }
            recording.setName("saffron");
            recording.setDestination(file);
            recording.setDumpOnExit(true);
            recording.start();
            return recording;
        } catch (IOException | RuntimeException e) {
            recording.close();
            throw e;
        }
    }
}
