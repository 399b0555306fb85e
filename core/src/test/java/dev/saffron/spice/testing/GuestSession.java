package dev.saffron.spice.testing;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.MainChannel;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.time.Duration;

/**
 * A booted {@link GuestVm} with a Saffron session on it whose channels are up: what the tests against the
 * Linux guest start from. Closing it closes the session, then the guest.
 */
public final class GuestSession implements AutoCloseable {
    private static final Duration CHANNELS = Duration.ofSeconds(30);

    private final GuestVm guest;
    private final SpiceSession session;

    private GuestSession(GuestVm guest, SpiceSession session) {
        this.guest = guest;
        this.session = session;
    }

    /**
     * @param spice       the server's options
     * @param modeSetting who drives the guest's QXL card
     * @throws IOException if the guest does not boot (see {@link GuestVm#start(QemuOptions, GuestVm.ModeSetting)})
     *                     or its channels do not all come up
     */
    public static GuestSession start(QemuOptions spice, GuestVm.ModeSetting modeSetting) throws IOException {
        GuestVm guest = GuestVm.start(spice, modeSetting);
        SpiceSession session = null;
        try {
            session = new SpiceSession(SessionConfig.builder()
                    .host(guest.server().host()).port(guest.server().port()).build());
            session.connect();
            session.awaitChannels(CHANNELS);
            return new GuestSession(guest, session);
        } catch (IOException | RuntimeException e) {
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

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } finally {
            guest.close();
        }
    }
}
