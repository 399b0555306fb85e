package dev.saffron.spice;

import java.io.Serial;

/** A card or reader that could not do what the guest asked: no card, a card gone mid-APDU, a reader unplugged. */
public final class SmartcardException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    public SmartcardException(String message) {
        super(message);
    }

    public SmartcardException(String message, Throwable cause) {
        super(message, cause);
    }
}
