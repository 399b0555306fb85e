package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.smartcard.SmartcardEngine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Card readers redirected to the guest, which sees them on the VM's emulated CCID device ({@code
 * ccid-card-passthru}): readers are attached, cards inserted and removed, and the guest's APDUs go to
 * {@link SmartcardReader#transmit}. Mirrors spice-gtk's {@code SpiceSmartcardChannel}, with the readers given
 * by the caller: host PC/SC readers and software cards come from {@code saffron-smartcard}. The session opens
 * this channel only when {@link SessionConfig#smartcardEnabled()}.
 */
public final class SmartcardChannel extends SpiceChannel {
    private final List<SmartcardChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final SmartcardEngine engine;

    SmartcardChannel(ChannelHost host, int id) {
        super(host.session());
        engine = new SmartcardEngine(host, id, new Events());
    }

    @Override
    SmartcardEngine engine() {
        return engine;
    }

    @Override
    List<SmartcardChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(SmartcardChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(SmartcardChannelListener listener) {
        listeners.remove(listener);
    }

    /**
     * Adds a reader to the guest.
     *
     * @return completes with the server's id for the reader, or fails with {@link SpiceException} if another
     *         reader is attached (spice-server takes one per client), the server refused it (the VM has no free
     *         {@code ccid-card-passthru} device) or the channel ended
     * @throws IllegalStateException if the reader is already attached
     */
    public CompletableFuture<Long> attach(SmartcardReader reader) {
        return engine.attach(reader);
    }

    /**
     * Shows the guest a card in the reader, with the card's answer to reset. Before the server took the reader,
     * the card waits and goes in right after. The guest's reader (QEMU's emulated CCID device) speaks only T=0:
     * an ATR that offers T=1 alone is shown to the guest without its protocol bytes, which means T=0, keeping
     * its historical bytes; APDUs pass unchanged.
     *
     * @throws IllegalArgumentException if the ATR is empty or longer than 33 bytes
     * @throws IllegalStateException    if the reader is not attached
     */
    public void cardInserted(SmartcardReader reader, byte[] atr) {
        engine.cardInserted(reader, atr);
    }

    /**
     * Tells the guest the reader's card is out.
     *
     * @throws IllegalStateException if the reader is not attached
     */
    public void cardRemoved(SmartcardReader reader) {
        engine.cardRemoved(reader);
    }

    /** Removes the reader from the guest; nothing happens if it is not attached. */
    public void detach(SmartcardReader reader) {
        engine.detach(reader);
    }

    /** @return the readers the guest has now */
    public List<SmartcardReader> readers() {
        return engine.readers();
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements SmartcardEngine.Events {
        @Override
        public void readerAttached(SmartcardReader reader, long readerId) {
            listeners.forEach(listener -> listener.readerAttached(SmartcardChannel.this, reader, readerId));
        }

        @Override
        public void readerRefused(SmartcardReader reader, String reason) {
            listeners.forEach(listener -> listener.readerRefused(SmartcardChannel.this, reader, reason));
        }

        @Override
        public void readerDetached(SmartcardReader reader) {
            listeners.forEach(listener -> listener.readerDetached(SmartcardChannel.this, reader));
        }
    }
}
