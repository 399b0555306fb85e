package dev.saffron.smartcard.internal;

import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import javax.smartcardio.CardTerminal;

/**
 * A host PC/SC reader as the smartcard channel sees it. Its card, while one is in and usable, is a
 * {@link CardSession} that the reader watcher opens on insertion and closes on removal; APDUs go to that card.
 */
final class PcscReader implements SmartcardReader {
    private final String name;
    private final CardTerminal terminal;
    /** Written by the watcher thread only; read by the channel's threads. */
    private volatile CardSession card;
    /** Watcher thread only: the card in the reader could not be opened, so it is left alone until removed. */
    private boolean cardRefused;

    PcscReader(String name, CardTerminal terminal) {
        this.name = name;
        this.terminal = terminal;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] transmit(byte[] command) throws SmartcardException {
        CardSession current = card;
        if (current == null) {
            throw new SmartcardException(name + ": no card in the reader");
        }
        return current.transmit(command);
    }

    CardTerminal terminal() {
        return terminal;
    }

    CardSession card() {
        return card;
    }

    void card(CardSession session) {
        card = session;
    }

    boolean cardRefused() {
        return cardRefused;
    }

    void cardRefused(boolean refused) {
        cardRefused = refused;
    }

    @Override
    public String toString() {
        return "host reader " + name;
    }
}
