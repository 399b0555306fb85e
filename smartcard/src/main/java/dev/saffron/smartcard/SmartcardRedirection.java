package dev.saffron.smartcard;

import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SmartcardChannel;
import dev.saffron.spice.SmartcardChannelListener;
import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A session's smartcard options, carried out, as spice-gtk's smartcard manager does for its session: with
 * {@link SessionConfig#smartcardCertificates()} the guest gets a {@link SoftwareCard} made from those
 * certificates of the NSS database {@link SessionConfig#smartcardDb()} (the system's by default), inserted;
 * without them, the host's PC/SC readers ({@link HostReaders}), with their cards as they come and go. The
 * server takes one reader at a time: the first host reader (the one named, if a name is given) goes to the
 * guest, and when it is unplugged the next one does.
 *
 * <p>Start it before {@link SpiceSession#connect()}, on a session whose configuration has
 * {@link SessionConfig#smartcardEnabled()}. No PC/SC service on the host leaves the guest without readers, with
 * a log line that says why; the session goes on.
 */
public final class SmartcardRedirection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SmartcardRedirection.class.getName());
    private static final String SOFTWARE_READER_NAME = "Saffron Software Card";

    private final SoftwareCard softwareCard;
    private final Optional<String> hostReaderName;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the host readers known, each with its card's ATR, or null while empty. */
    private final Map<SmartcardReader, byte[]> hostCards = new LinkedHashMap<>();
    /** Guarded by {@link #lock}. */
    private SmartcardChannel channel;
    /** Guarded by {@link #lock}: the reader the guest has, or is being given. */
    private SmartcardReader attached;
    /** Guarded by {@link #lock}. */
    private HostReaders hostReaders;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private SmartcardRedirection(SoftwareCard softwareCard, Optional<String> hostReaderName) {
        this.softwareCard = softwareCard;
        this.hostReaderName = hostReaderName;
    }

    /**
     * Starts redirecting as the session's configuration says.
     *
     * @param hostReaderName only this host reader goes to the guest; empty for the first one found
     * @throws IllegalArgumentException if the session's configuration does not enable smartcards
     * @throws IOException              if the software card's certificates or keys cannot be read
     */
    public static SmartcardRedirection start(SpiceSession session, Optional<String> hostReaderName)
            throws IOException {
        SessionConfig config = session.config();
        if (!config.smartcardEnabled()) {
            throw new IllegalArgumentException("smartcards are not enabled for this session (enable-smartcard)");
        }
        SoftwareCard card = null;
        if (!config.smartcardCertificates().isEmpty()) {
            Path database = config.smartcardDb().map(Path::of).orElse(CardCredential.DEFAULT_NSS_DATABASE);
            card = SoftwareCard.create(SOFTWARE_READER_NAME,
                    CardCredential.fromNssDatabase(database, config.smartcardCertificates(), null));
        }
        SmartcardRedirection redirection = new SmartcardRedirection(card, Objects.requireNonNull(hostReaderName));
        if (card == null) {
            redirection.watchHostReaders();
        }
        session.addListener(new SessionListener() {
            @Override
            public void channelNew(SpiceChannel channel) {
                if (channel instanceof SmartcardChannel smartcard) {
                    smartcard.addListener(redirection.new ChannelWatch());
                }
            }
        });
        return redirection;
    }

    /** @return the software card the guest gets, if the session names certificates */
    public Optional<SoftwareCard> softwareCard() {
        return Optional.ofNullable(softwareCard);
    }

    /** Puts the software card back in its reader (remote-viewer's smartcard-insert); nothing without one. */
    public void insertSoftwareCard() {
        if (softwareCard == null) {
            return;
        }
        softwareCard.insert();
        SmartcardChannel current;
        synchronized (lock) {
            current = attached == softwareCard ? channel : null;
        }
        if (current != null) {
            insert(current, softwareCard, softwareCard.atr());
        }
    }

    /** Takes the software card out of its reader (remote-viewer's smartcard-remove); nothing without one. */
    public void removeSoftwareCard() {
        if (softwareCard == null) {
            return;
        }
        softwareCard.remove();
        SmartcardChannel current;
        synchronized (lock) {
            current = attached == softwareCard ? channel : null;
        }
        if (current != null) {
            remove(current, softwareCard);
        }
    }

    /** Stops watching the host's readers and releases them; the guest's reader goes with the channel. */
    @Override
    public void close() {
        HostReaders readers;
        synchronized (lock) {
            closed = true;
            readers = hostReaders;
            hostReaders = null;
        }
        if (readers != null) {
            readers.close();
        }
    }

    private void watchHostReaders() {
        try {
            HostReaders readers = hostReaderName.isPresent()
                    ? HostReaders.watch(hostReaderName.get(), new HostEvents())
                    : HostReaders.watch(new HostEvents());
            synchronized (lock) {
                hostReaders = readers;
            }
        } catch (SmartcardException e) {
            LOG.log(System.Logger.Level.WARNING, "no host smartcard readers for the guest: {0}", e.getMessage());
        }
    }

    /** Gives the guest a reader if it has none: the software card, else a host reader, one with a card first. */
    private void offerReader() {
        SmartcardChannel target;
        SmartcardReader reader;
        byte[] atr;
        synchronized (lock) {
            if (closed || channel == null || attached != null) {
                return;
            }
            if (softwareCard != null) {
                reader = softwareCard;
                atr = softwareCard.inserted() ? softwareCard.atr() : null;
            } else {
                reader = hostCards.entrySet().stream().filter(each -> each.getValue() != null).findFirst()
                        .or(() -> hostCards.entrySet().stream().findFirst()).map(Map.Entry::getKey).orElse(null);
                atr = reader == null ? null : hostCards.get(reader);
            }
            if (reader == null) {
                return;
            }
            attached = reader;
            target = channel;
        }
        target.attach(reader).whenComplete((id, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "the guest did not take the reader ''{0}'': {1}", reader.name(),
                        failure.getMessage());
                synchronized (lock) {
                    if (attached == reader) {
                        attached = null;
                    }
                }
            }
        });
        if (atr != null) {
            insert(target, reader, atr);
        }
    }

    /** Tells the guest the reader's card is out; a reader the channel has dropped meanwhile is logged. */
    private static void remove(SmartcardChannel target, SmartcardReader reader) {
        try {
            target.cardRemoved(reader);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "card out of ''{0}'' not shown: {1}", reader.name(), e.getMessage());
        }
    }

    /** Shows the guest the reader's card; a reader the channel has dropped meanwhile is logged, not thrown. */
    private static void insert(SmartcardChannel target, SmartcardReader reader, byte[] atr) {
        try {
            target.cardInserted(reader, atr);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "card in ''{0}'' not shown: {1}", reader.name(), e.getMessage());
        }
    }

    /** Follows the host's readers into the guest. Called on {@link HostReaders}' thread. */
    private final class HostEvents implements HostReaders.Listener {
        @Override
        public void readerAdded(SmartcardReader reader) {
            synchronized (lock) {
                hostCards.putIfAbsent(reader, null);
            }
            offerReader();
        }

        @Override
        public void cardInserted(SmartcardReader reader, byte[] atr) {
            SmartcardChannel target;
            synchronized (lock) {
                hostCards.put(reader, atr.clone());
                target = attached == reader ? channel : null;
            }
            if (target != null) {
                insert(target, reader, atr);
            } else {
                offerReader();
            }
        }

        @Override
        public void cardRemoved(SmartcardReader reader) {
            SmartcardChannel target;
            synchronized (lock) {
                hostCards.replace(reader, null);
                target = attached == reader ? channel : null;
            }
            if (target != null) {
                remove(target, reader);
            }
        }

        @Override
        public void readerRemoved(SmartcardReader reader) {
            SmartcardChannel target;
            synchronized (lock) {
                hostCards.remove(reader);
                target = attached == reader ? channel : null;
                if (target != null) {
                    attached = null;
                }
            }
            if (target != null) {
                target.detach(reader);
                offerReader();
            }
        }
    }

    /** Gives the guest its reader once the smartcard channel is up, and forgets it when the channel ends. */
    private final class ChannelWatch implements SmartcardChannelListener {
        @Override
        public void channelEvent(SpiceChannel source, ChannelEvent event, SpiceException error) {
            if (event == ChannelEvent.OPENED) {
                synchronized (lock) {
                    channel = (SmartcardChannel) source;
                }
                offerReader();
            } else if (event.isTerminal()) {
                synchronized (lock) {
                    if (channel == source) {
                        channel = null;
                        attached = null;
                    }
                }
            }
        }
    }
}
