package dev.saffron.spice.testing;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
import dev.saffron.spice.MainChannel;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A booted {@link GuestVm} with a Saffron session on it whose channels are up and whose first display shows the
 * guest's screen: what the tests against the Linux guest start from. It counts the display's invalidations from
 * the start, so tests can wait for the guest to draw or to stop drawing. Closing it closes the session, then the
 * guest; a test class that shares one boot among its tests holds it in an {@code @AutoClose} field.
 */
public final class GuestSession implements AutoCloseable {
    private static final Duration CHANNELS = Duration.ofSeconds(30);
    /** The first frame is the one after which the display stays this long without a draw. */
    private static final Duration FIRST_FRAME_QUIET = Duration.ofMillis(500);
    private static final Duration FIRST_FRAME_WAIT = Duration.ofSeconds(60);

    private final GuestVm guest;
    private final SpiceSession session;
    private final AtomicLong invalidations = new AtomicLong();
    private final AtomicLong lastInvalidationNanos = new AtomicLong(System.nanoTime());

    private GuestSession(GuestVm guest, SpiceSession session) {
        this.guest = guest;
        this.session = session;
    }

    /**
     * @param spice       the server's options
     * @param modeSetting who drives the guest's QXL card
     * @throws IOException if the guest does not boot (see {@link GuestVm#start(QemuOptions, GuestVm.ModeSetting)}),
     *                     its channels do not all come up or its display shows no frame
     */
    public static GuestSession start(QemuOptions spice, GuestVm.ModeSetting modeSetting)
            throws IOException, InterruptedException {
        GuestVm guest = GuestVm.start(spice, modeSetting);
        SpiceSession session = null;
        try {
            session = new SpiceSession(SessionConfig.builder()
                    .host(guest.server().host()).port(guest.server().port()).build());
            session.connect();
            session.awaitChannels(CHANNELS);
            GuestSession started = new GuestSession(guest, session);
            started.display().addListener(new DisplayChannelListener() {
                @Override
                public void invalidate(DisplayChannel channel, int x, int y, int width, int height) {
                    started.invalidations.incrementAndGet();
                    started.lastInvalidationNanos.set(System.nanoTime());
                }
            });
            started.display().awaitFrame(FIRST_FRAME_QUIET, FIRST_FRAME_WAIT);
            return started;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                if (session != null) {
                    session.close();
                }
            } finally {
                guest.close();
            }
            throw e;
        }
    }

    /** @return the guest */
    public GuestVm guest() {
        return guest;
    }

    /** @return the session on it */
    public SpiceSession session() {
        return session;
    }

    /** @return the session's main channel */
    public MainChannel main() {
        return session.mainChannel().orElseThrow();
    }

    /** @return the session's first display channel */
    public DisplayChannel display() {
        return session.channels().stream().filter(c -> c instanceof DisplayChannel)
                .map(DisplayChannel.class::cast).findFirst().orElseThrow();
    }

    /** @return how many rectangles the first display invalidated since the session started */
    public long invalidations() {
        return invalidations.get();
    }

    /**
     * Waits until the first display has gone {@code quiet} without a draw: the client caught up with the guest.
     *
     * @throws AssertionError if it keeps drawing for longer than {@code limit}
     */
    public void awaitQuiet(Duration quiet, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - lastInvalidationNanos.get() < quiet.toNanos()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("the display never went quiet for " + quiet + " within " + limit);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } finally {
            guest.close();
        }
    }
}
