package dev.saffron.viewer;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayReplay;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

/**
 * {@code saffron screenshot URI FILE}: like spicy-screenshot, connect, wait for the first complete frame of the
 * first display, write it (PNG, or PPM when the name ends in {@code .ppm}), and exit. A frame with a draw
 * skipped on the way (damaged image data) is not complete: nothing is written and the command fails, naming
 * why, rather than write a picture with holes.
 */
final class ScreenshotCommand {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private ScreenshotCommand() {
    }

    static void run(SessionConfig config, Path file, Duration quiet, Duration wait, Path recording)
            throws SpiceException, InterruptedException {
        // A screenshot needs the display alone: no keyboard, cursor, port, audio or USB channels, which would cost
        // connections and handshakes (and a port's end can hang a QEMU with its QMP monitor on it, README). Nor
        // video codecs beyond MJPEG, whose libraries (libavcodec and the hundred it links) take longer to load
        // than a screenshot takes. Nor decode threads, which pay off on a stream of pictures: one picture
        // decoded on the reader came 6 ms sooner, for 10 ms less CPU (README, Performance).
        SessionConfig lean = config.toBuilder().linkedChannels(EnumSet.of(ChannelType.DISPLAY)).audioEnabled(false)
                .usbredirEnabled(false).videoCodecsEnabled(false).decodeThreads(0).build();
        try (SpiceSession session = new SpiceSession(lean)) {
            if (recording != null) {
                session.recordDisplay(recording);
            }
            session.connect();
            session.awaitChannels(config.connectTimeout());
            DisplayChannel display = session.channels().stream()
                    .filter(channel -> channel instanceof DisplayChannel)
                    .map(DisplayChannel.class::cast)
                    .min((a, b) -> Integer.compare(a.id(), b.id()))
                    // A session that ended before its channels came has a reason; only a live one has no display.
                    .orElseThrow(() -> session.failure().orElseGet(
                            () -> new SpiceException(SpiceError.FAILED, "the server offers no display")));
            DisplaySurface surface;
            try {
                surface = display.awaitFrame(quiet, wait);
            } catch (SpiceException e) {
                // The channel may have ended because the whole session did; that reason is the user's answer.
                throw e.error() == SpiceError.FAILED && !display.isOpen() ? session.failure().orElse(e) : e;
            }
            write(file, surface);
            // disconnect() closes the sockets at once; the channels then end on their own threads, which only a
            // recording needs to wait for (it is complete once they have). The process exits without them, 5 to
            // 7 ms sooner.
            session.disconnect();
            if (recording != null) {
                session.awaitClosed(CLOSE_WAIT);
            }
        }
    }

    /** {@code saffron replay RECORDING FILE}: plays a display recording offline and writes its last picture. */
    static void replay(Path recording, Path file) throws IOException, InterruptedException {
        try (DisplayReplay replay = DisplayReplay.open(recording)) {
            DisplayChannel display = replay.play(false);
            replay.drain(Duration.ofSeconds(10));
            DisplaySurface surface = display.primarySurface().orElseThrow(() -> new SpiceException(
                    SpiceError.FAILED, recording + " never creates a primary surface"));
            write(file, surface);
        }
    }

    private static void write(Path file, DisplaySurface surface) throws SpiceException {
        int[] argb = surface.toArgb();
        try {
            ImageFiles.write(file, argb, surface.width(), surface.height());
        } catch (IOException e) {
            throw new SpiceException(SpiceError.IO, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
