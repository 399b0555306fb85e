package dev.saffron.bench;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.AnimatedGuest;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the benchmark corpus: for each {@link CorpusRecording} not yet on disk (or each named on the
 * command line), starts a local QEMU with its settings, records the display channel while the screen
 * changes, and prints what the recording holds. Needs QEMU with SPICE; run by {@code scripts/bench}.
 */
public final class CorpusRecorder {
    /** The option that lists what is missing, so the script installs QEMU only when it will be needed. */
    static final String LIST_MISSING = "--list-missing";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(500);
    /** Long enough for SeaBIOS's screens and its final "no bootable device" under TCG. */
    private static final Duration FIRMWARE_TIME = Duration.ofSeconds(8);
    /** About 50 repaints of the animated guest, each sent as twenty 32-pixel columns. */
    private static final Duration ANIMATION_TIME = Duration.ofSeconds(3);

    private CorpusRecorder() {
    }

    /**
     * @param args stems of recordings to make again ({@code quic}, {@code video}, ...); none: make the
     *             missing ones; {@value #LIST_MISSING}: only print the stems of the missing ones
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(LIST_MISSING)) {
            for (CorpusRecording recording : CorpusRecording.values()) {
                if (!Files.exists(recording.file())) {
                    System.out.println(recording.stem());
                }
            }
            return;
        }
        List<CorpusRecording> wanted = new ArrayList<>();
        if (args.length == 0) {
            for (CorpusRecording recording : CorpusRecording.values()) {
                if (!Files.exists(recording.file())) {
                    wanted.add(recording);
                }
            }
        } else {
            for (String stem : args) {
                wanted.add(CorpusRecording.byStem(stem));
            }
        }
        Files.createDirectories(CorpusRecording.directory());
        for (CorpusRecording recording : wanted) {
            record(recording, recording.file());
            describe(recording);
        }
    }

    /**
     * Records one corpus recording from a fresh QEMU into {@code file}, which appears only once complete.
     *
     * @throws IOException if QEMU or the session fails
     */
    static void record(CorpusRecording recording, Path file) throws IOException, InterruptedException {
        Path guestFiles = Files.createTempDirectory("saffron-bench-guest-");
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            QemuOptions.Builder options = recording.serverOptions();
            if (recording.animatedGuest()) {
                options.extraArguments(AnimatedGuest.qemuArguments(guestFiles).toArray(String[]::new));
            }
            System.out.println("recording " + file + " ...");
            try (QemuServer server = QemuServer.start(options.build())) {
                SessionConfig.Builder config = SessionConfig.builder().host(server.host()).port(server.port());
                recording.clientPreference().ifPresent(config::preferredCompression);
                SpiceSession session = new SpiceSession(config.build());
                session.recordDisplay(partial);
                session.connect();
                session.awaitChannels(CONNECT_TIMEOUT);
                DisplayChannel display = session.channels().stream()
                        .filter(channel -> channel instanceof DisplayChannel).map(DisplayChannel.class::cast)
                        .findFirst().orElseThrow(() -> new IOException("the server offers no display channel"));
                display.awaitFrame(QUIET, CONNECT_TIMEOUT);
                Thread.sleep(recording.animatedGuest() ? ANIMATION_TIME : FIRMWARE_TIME);
                session.disconnect();
                if (!session.awaitClosed(CONNECT_TIMEOUT)) {
                    throw new IOException("the session did not close");
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
            try (var files = Files.list(guestFiles)) {
                for (Path guestFile : files.toList()) {
                    Files.delete(guestFile);
                }
            }
            Files.delete(guestFiles);
        }
    }

    private static void describe(CorpusRecording recording) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            RecordedImages images = RecordedImages.extract(recording.file(), arena);
            System.out.printf("  %s: %d bytes, images per codec %s, skipped %s%n", recording.stem(),
                    Files.size(recording.file()), images.counts(), images.skipped());
        }
    }
}
