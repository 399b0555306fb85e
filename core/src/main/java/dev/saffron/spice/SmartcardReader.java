package dev.saffron.spice;

/**
 * A card reader the guest uses through the smartcard channel, as if it were plugged into the guest: a host
 * PC/SC reader ({@code saffron-smartcard}), a software card, or an embedder's own. The channel tells the guest
 * when it was added, when its card goes in (with the card's ATR) and out, and passes the guest's command APDUs
 * to {@link #transmit}.
 */
public interface SmartcardReader {
    /** @return the reader's name, as the guest's PC/SC stack shows it */
    String name();

    /**
     * Sends one command APDU to the card and returns the card's response APDU, status word included, as the
     * card gave it (no GET RESPONSE or length correction done on the guest's behalf: its middleware does
     * that). Called on a thread of the channel's own, never two at once for the same reader; may block.
     *
     * @throws SmartcardException if the card cannot answer: removed, reset, or the reader is gone
     */
    byte[] transmit(byte[] command) throws SmartcardException;
}
