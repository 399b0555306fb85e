package dev.saffron.spice.testing;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SmartcardChannel;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.time.Duration;

/**
 * The Linux test guest with QEMU's emulated smartcard reader ({@code usb-ccid} with {@code ccid-card-passthru}),
 * and a session with smartcards on whose smartcard channel is open: what every test and measurement of the
 * smartcard path starts from. Closing it closes the session, then the guest.
 */
public final class SmartcardGuest implements AutoCloseable {
    private static final Duration CHANNELS = Duration.ofSeconds(60);

    private final GuestVm guest;
    private final SpiceSession session;
    private final SmartcardChannel channel;

    private SmartcardGuest(GuestVm guest, SpiceSession session, SmartcardChannel channel) {
        this.guest = guest;
        this.session = session;
        this.channel = channel;
    }

    /** Boots the guest and connects; returns once the smartcard channel is open. */
    public static SmartcardGuest start() throws IOException, SpiceException {
        GuestVm guest = GuestVm.start(QemuOptions.builder().smartcard(true).build());
        SpiceSession session = null;
        try {
            session = new SpiceSession(SessionConfig.builder().host(guest.server().host())
                    .port(guest.server().port()).smartcardEnabled(true).build());
            session.connect();
            session.awaitChannels(CHANNELS);
            SpiceSession connected = session;
            SmartcardChannel channel = session.smartcardChannel().orElseThrow(() -> new IllegalStateException(
                    "no smartcard channel; the server offers " + connected.channels()));
            return new SmartcardGuest(guest, session, channel);
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

    public GuestVm guest() {
        return guest;
    }

    public SpiceSession session() {
        return session;
    }

    public SmartcardChannel channel() {
        return channel;
    }

    /**
     * Waits until the guest's OpenSC sees a card in its reader.
     *
     * @throws IllegalStateException if it does not within {@code limit}
     */
    public void awaitCardInGuest(Duration limit) throws IOException, InterruptedException {
        String marker = "__card_seen__";
        String seen = guest.agent().shellUntil("opensc-tool -r 0 --atr && echo " + marker, marker, limit);
        if (!seen.contains(marker)) {
            throw new IllegalStateException("the guest never saw the card: " + seen);
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
