package dev.saffron.smartcard.internal;

import dev.saffron.smartcard.HostReaders;
import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/**
 * Watches the host's PC/SC readers on a thread of its own ({@code saffron-smartcard-readers}): every
 * {@link #POLL} it lists the readers and asks each whether a card is in, opens a {@link CardSession} for a new
 * card, closes the session of a card gone, and tells the listener, one event at a time, in order.
 *
 * <p>Why polling: all of javax.smartcardio shares one PC/SC context per JVM, and libpcsclite holds a context's
 * lock for the whole of a blocking {@code SCardGetStatusChange} ({@code CardTerminals.waitForChange}), so a
 * waiting watcher would hold every APDU back until its wait ended. A poll with no wait holds that lock for a
 * fraction of a millisecond; a card's insertion is seen within {@link #POLL}, about as soon as pcscd itself
 * polls its readers.
 */
public final class ReaderWatcher {
    private static final System.Logger LOG = System.getLogger(ReaderWatcher.class.getName());
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long {@link #close()} waits for a listener call under way and for the thread to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final CardTerminals terminals;
    private final Predicate<String> wanted;
    private final HostReaders.Listener listener;
    private final Thread thread;
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Held during each listener call, so that none starts after {@link #close()} returns. */
    private final ReentrantLock delivery = new ReentrantLock();
    /** The watcher thread's own view of the readers, by name. */
    private final Map<String, PcscReader> readers = new LinkedHashMap<>();
    private volatile List<SmartcardReader> published = List.of();
    /** Watcher thread only: listing the readers failed, and this was logged. */
    private boolean listingFailed;

    private ReaderWatcher(CardTerminals terminals, Predicate<String> wanted, HostReaders.Listener listener) {
        this.terminals = terminals;
        this.wanted = wanted;
        this.listener = listener;
        this.thread = new Thread(this::run, "saffron-smartcard-readers");
        thread.setDaemon(true);
    }

    /**
     * Connects to the PC/SC service and starts watching the readers whose names {@code wanted} accepts.
     *
     * @throws SmartcardException if the PC/SC library or daemon is missing; the message says what to install
     */
    public static ReaderWatcher start(Predicate<String> wanted, HostReaders.Listener listener)
            throws SmartcardException {
        ReaderWatcher watcher = new ReaderWatcher(Pcsc.terminals(), wanted, listener);
        watcher.thread.start();
        return watcher;
    }

    /** @return the readers watched now, in the order they appeared */
    public List<SmartcardReader> readers() {
        return published;
    }

    private void run() {
        try {
            do {
                try {
                    poll();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "watching the host's smartcard readers failed; trying "
                            + "again", e);
                }
            } while (!stopping.await(POLL.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (PcscReader reader : readers.values()) {
                endCard(reader);
            }
            readers.clear();
            published = List.of();
        }
    }

    private void poll() {
        Set<String> names = presentNames();
        for (Iterator<PcscReader> it = readers.values().iterator(); it.hasNext(); ) {
            PcscReader reader = it.next();
            if (!names.contains(reader.name())) {
                it.remove();
                publish();
                if (endCard(reader)) {
                    deliver(l -> l.cardRemoved(reader));
                }
                deliver(l -> l.readerRemoved(reader));
            }
        }
        for (String name : names) {
            if (!readers.containsKey(name)) {
                PcscReader reader = new PcscReader(name, terminals.getTerminal(name));
                readers.put(name, reader);
                publish();
                deliver(l -> l.readerAdded(reader));
            }
        }
        for (PcscReader reader : List.copyOf(readers.values())) {
            checkCard(reader);
        }
    }

    private Set<String> presentNames() {
        List<CardTerminal> list;
        try {
            list = terminals.list();
        } catch (CardException e) {
            if (Pcsc.causes(e).contains("SCARD_E_NO_READERS_AVAILABLE")) {
                return Set.of();
            }
            if (!listingFailed) {
                listingFailed = true;
                LOG.log(System.Logger.Level.WARNING, "The host''s smartcard readers are gone: {0}. javax.smartcardio "
                        + "does not reconnect to a restarted pcscd: restart Saffron to use them again.",
                        Pcsc.explain(e));
            }
            return Set.of();
        }
        if (listingFailed) {
            listingFailed = false;
            LOG.log(System.Logger.Level.INFO, "PC/SC lists the host's smartcard readers again");
        }
        return list.stream().map(CardTerminal::getName).filter(wanted)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private void checkCard(PcscReader reader) {
        boolean present;
        try {
            present = reader.terminal().isCardPresent();
        } catch (CardException e) {
            present = false;
        }
        CardSession card = reader.card();
        if (card != null && (!present || card.lost())) {
            // A lost card that is present again was pulled and put back between two polls: a new card.
            endCard(reader);
            deliver(l -> l.cardRemoved(reader));
            card = null;
        }
        if (!present) {
            reader.cardRefused(false);
            return;
        }
        if (card != null || reader.cardRefused()) {
            return;
        }
        CardSession opened;
        try {
            opened = CardSession.open(reader.name(), reader.terminal());
        } catch (SmartcardException e) {
            reader.cardRefused(true);
            LOG.log(System.Logger.Level.WARNING, "{0}; take the card out and put it in again to retry",
                    e.getMessage());
            return;
        }
        if (stopping.getCount() == 0) {
            opened.close();
            return;
        }
        reader.card(opened);
        byte[] atr = opened.atr();
        deliver(l -> l.cardInserted(reader, atr));
    }

    /** @return whether the reader had a card, now let go (reset) and refused to new APDUs */
    private static boolean endCard(PcscReader reader) {
        CardSession card = reader.card();
        if (card == null) {
            return false;
        }
        reader.card(null);
        card.close();
        return true;
    }

    private void publish() {
        published = List.copyOf(readers.values());
    }

    private void deliver(Consumer<HostReaders.Listener> event) {
        delivery.lock();
        try {
            if (stopping.getCount() > 0) {
                event.accept(listener);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a host smartcard reader listener failed", e);
        } finally {
            delivery.unlock();
        }
    }

    /**
     * Stops watching: no listener call starts after this returns, and the cards are reset and let go (by the
     * watcher thread, which this waits for up to {@link #CLOSE_WAIT}; a card still connecting is let go when
     * it answers). Idempotent; may be called from a listener.
     */
    public void close() {
        stopping.countDown();
        if (Thread.currentThread() == thread) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            if (delivery.tryLock(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                delivery.unlock();
            } else {
                LOG.log(System.Logger.Level.WARNING, "a host smartcard reader listener did not return within {0} s",
                        CLOSE_WAIT.toSeconds());
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "the host smartcard reader watcher is still busy after {0} s (a card "
                    + "connecting?); it lets its cards go when that ends", CLOSE_WAIT.toSeconds());
        }
    }
}
