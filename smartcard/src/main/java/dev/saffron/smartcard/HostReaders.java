package dev.saffron.smartcard;

import dev.saffron.smartcard.internal.ReaderWatcher;
import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import java.util.List;
import java.util.Objects;

/**
 * The host's smartcard readers, through PC/SC ({@code javax.smartcardio} over pcsc-lite), as
 * {@link SmartcardReader}s for the smartcard channel. A thread of its own ({@code saffron-smartcard-readers})
 * watches the readers and tells the {@link Listener} as they come and go and as cards go in and out.
 *
 * <p>While a card is in a watched reader, this holds it exclusively: no other application on the host talks to
 * it until it is removed or this is closed, and then it is reset, so that what the guest unlocked (a verified
 * PIN) stays behind. APDUs pass to the card unchanged and its answers come back unchanged: the JDK's automatic
 * GET RESPONSE (on {@code 61xx}) and command repetition (on {@code 6Cxx}) are switched off, by setting the system
 * properties {@code sun.security.smartcardio.t0GetResponse} and {@code t1GetResponse} to {@code false} before
 * the first card is connected (they are read once per JVM, so a launcher that lets other code use
 * {@code javax.smartcardio} first must pass them on its command line).
 *
 * <p>The PC/SC library is {@code libpcsclite.so.1}, which JDK 25 finds in Debian's multiarch directory by itself;
 * elsewhere, {@code -Dsun.security.smartcardio.library=PATH} names it. The daemon's socket is pcsc-lite's
 * default or the {@code PCSCLITE_CSOCK_NAME} environment variable. javax.smartcardio connects to the daemon once
 * per JVM: if pcscd is restarted, the readers are reported gone and return only when the JVM restarts.
 */
public final class HostReaders implements AutoCloseable {
    /**
     * What happens to the watched readers, told on the watcher thread one event at a time, in the order it
     * happened: a reader is added before its card is inserted, and its card removed before it is. Calls should
     * return promptly; the watcher waits for each. A reader's {@link SmartcardReader#transmit} may be called
     * from any thread, also from these calls.
     */
    public interface Listener {
        /** A reader was plugged in, or was there when watching began. */
        void readerAdded(SmartcardReader reader);

        /** A card went into the reader, and this holds it now. */
        void cardInserted(SmartcardReader reader, byte[] atr);

        /** The card left the reader (or failed an APDU for being gone); its APDUs now fail. */
        void cardRemoved(SmartcardReader reader);

        /** The reader was unplugged, or pcscd went away. */
        void readerRemoved(SmartcardReader reader);
    }

    private final ReaderWatcher watcher;

    private HostReaders(ReaderWatcher watcher) {
        this.watcher = watcher;
    }

    /**
     * Watches every reader of the host.
     *
     * @throws SmartcardException if there is no PC/SC library or no pcscd; the message says what to install
     *                            or start (the session can go on without host readers)
     */
    public static HostReaders watch(Listener listener) throws SmartcardException {
        return new HostReaders(ReaderWatcher.start(name -> true, Objects.requireNonNull(listener)));
    }

    /**
     * Watches only the readers whose names start with {@code readerName} (PC/SC names end with numbers that may
     * change, as in {@code Virtual PCD 00 01}); readers that come later under such a name count too.
     *
     * @throws SmartcardException as {@link #watch(Listener)}
     */
    public static HostReaders watch(String readerName, Listener listener) throws SmartcardException {
        Objects.requireNonNull(readerName);
        return new HostReaders(ReaderWatcher.start(name -> name.startsWith(readerName),
                Objects.requireNonNull(listener)));
    }

    /** @return the readers watched now, in the order they appeared */
    public List<SmartcardReader> readers() {
        return watcher.readers();
    }

    /**
     * Stops watching and lets the cards go (reset). No listener call starts after this returns; it waits at most
     * about two seconds. Idempotent; may be called from a listener.
     */
    @Override
    public void close() {
        watcher.close();
    }
}
