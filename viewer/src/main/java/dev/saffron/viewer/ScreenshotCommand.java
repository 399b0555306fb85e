package dev.saffron.viewer;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code saffron screenshot URI FILE}: like spicy-screenshot, connect, wait for the first complete frame of the
 * first display, write it (PNG, or PPM when the name ends in {@code .ppm}), and exit.
 */
final class ScreenshotCommand {
    private ScreenshotCommand() {
    }

    static void run(SessionConfig config, Path file, Duration quiet, Duration wait)
            throws SpiceException, InterruptedException {
        try (SpiceSession session = new SpiceSession(config)) {
            session.connect();
            session.awaitChannels(config.connectTimeout());
            DisplayChannel display = session.channels().stream()
                    .filter(channel -> channel instanceof DisplayChannel)
                    .map(DisplayChannel.class::cast)
                    .min((a, b) -> Integer.compare(a.id(), b.id()))
                    .orElseThrow(() -> new SpiceException(SpiceError.FAILED, "the server offers no display"));
            DisplaySurface surface = display.awaitFrame(quiet, wait);
            int[] argb = surface.toArgb();
            try {
                ImageFiles.write(file, argb, surface.width(), surface.height());
            } catch (IOException e) {
                throw new SpiceException(SpiceError.IO, "cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
