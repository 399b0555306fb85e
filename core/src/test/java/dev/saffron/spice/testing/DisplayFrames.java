package dev.saffron.spice.testing;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.time.Duration;

/**
 * Waits for a session's first display frame before a test lets the session go. spice-server 0.15's display
 * worker can crash (a NULL dereference) when a client leaves within moments of linking the display channel,
 * which takes the QEMU that later tests of the class share down with it; a client that has received a frame
 * is past that window.
 */
public final class DisplayFrames {
    private static final Duration QUIET = Duration.ofMillis(100);

    private DisplayFrames() {
    }

    /**
     * @param session a session whose channels have linked
     * @return the display's primary surface once a frame is complete
     * @throws IllegalStateException if the session has no display channel
     */
    public static DisplaySurface awaitFirst(SpiceSession session, Duration timeout)
            throws SpiceException, InterruptedException {
        DisplayChannel display = session.channels().stream()
                .filter(DisplayChannel.class::isInstance).map(DisplayChannel.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("the session has no display channel"));
        return display.awaitFrame(QUIET, timeout);
    }
}
