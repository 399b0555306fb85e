package dev.saffron.smartcard;

import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;

import java.util.List;
import java.util.Objects;

/**
 * A reader with a card in it that exists only in this process: a PIV card (NIST SP 800-73-4) holding up to
 * three certificates and their private keys, what spice-gtk's {@code smartcard-certificates} emulate. The guest
 * sees an ordinary PIV card, which OpenSC's PIV driver reads with no card-specific setup: the certificates, and
 * signing, decryption or key agreement with their keys once the PIN is given.
 *
 * <p>The credentials fill the PIV key slots in the order given: PIV Authentication (9A), Digital Signature (9C,
 * which asks for the PIN before every use), Key Management (9D). The PIN is 6 to 8 digits; three wrong tries
 * block it for as long as this object lives (there is no PUK). Removing and inserting the card, or resetting
 * it, forgets the PIN's verification but not the tries left, as a real card would.
 *
 * <p>The card configuration is fixed when made; the card's session state (the PIN's verification, chained
 * commands and responses) changes with the APDUs. All methods are thread-safe.
 */
public final class SoftwareCard implements SmartcardReader {
    /** The PIN a PIV card ships with, and this one's unless told otherwise. */
    public static final String DEFAULT_PIN = "123456";
    /** The most credentials a card holds: one per PIV key slot it fills. */
    public static final int MAX_CREDENTIALS = 3;

    /**
     * The answer to reset: direct convention (3B); TD1 offers T=0, the default, since QEMU's CCID reader
     * speaks only T=0 unless told otherwise, and TD2 offers T=1 as well, which most PIV cards speak; then
     * "Saffron PIV" as proprietary historical bytes, so nothing takes it for a card it knows by ATR (OpenSC
     * finds PIV by selecting its AID). The last byte is the check byte: the XOR of all bytes after 3B.
     */
    private static final byte[] ATR = withCheckByte(new byte[] {0x3B, (byte) 0x8B, (byte) 0x80, 0x01,
            'S', 'a', 'f', 'f', 'r', 'o', 'n', ' ', 'P', 'I', 'V', 0});

    private final String name;
    private final List<CardCredential> credentials;
    private final PivApplication application;
    private boolean inserted = true;

    private SoftwareCard(String name, List<CardCredential> credentials, String pin) {
        this.name = Objects.requireNonNull(name, "name");
        this.credentials = List.copyOf(credentials);
        if (this.credentials.isEmpty() || this.credentials.size() > MAX_CREDENTIALS) {
            throw new IllegalArgumentException(
                    this.credentials.size() + " credentials; a software card holds 1 to " + MAX_CREDENTIALS);
        }
        if (!pin.matches("[0-9]{6,8}")) {
            throw new IllegalArgumentException("a PIV PIN is 6 to 8 digits");
        }
        this.application = new PivApplication(this.credentials, pin);
    }

    /** @return a card with the default PIN, {@value #DEFAULT_PIN}, inserted */
    public static SoftwareCard create(String readerName, List<CardCredential> credentials) {
        return new SoftwareCard(readerName, credentials, DEFAULT_PIN);
    }

    /**
     * @param readerName  the reader's name, as the guest sees it
     * @param credentials 1 to 3 certificates with their keys, for slots 9A, 9C and 9D in that order
     * @param pin         6 to 8 digits
     * @return the card, inserted
     * @throws IllegalArgumentException for no credentials or more than three, or a PIN PIV does not allow
     */
    public static SoftwareCard create(String readerName, List<CardCredential> credentials, String pin) {
        return new SoftwareCard(readerName, credentials, pin);
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the credentials, in slot order */
    public List<CardCredential> credentials() {
        return credentials;
    }

    /** @return the card's answer to reset, which the guest gets when the card is inserted */
    public byte[] atr() {
        return ATR.clone();
    }

    /** @return whether the card is in its reader */
    public synchronized boolean inserted() {
        return inserted;
    }

    /** Puts the card in the reader (if it was out), powered and reset. */
    public synchronized void insert() {
        inserted = true;
        application.reset();
    }

    /** Takes the card out of the reader: until {@link #insert}, {@link #transmit} fails. */
    public synchronized void remove() {
        inserted = false;
        application.reset();
    }

    /** Resets the card, as a guest's warm reset or power cycle does. */
    public synchronized void reset() {
        application.reset();
    }

    /**
     * Answers one command APDU. Any bytes get an answer: a malformed or unknown command gets the status word
     * ISO 7816-4 or PIV gives it.
     *
     * @throws SmartcardException if the card is removed
     */
    @Override
    public synchronized byte[] transmit(byte[] command) throws SmartcardException {
        if (!inserted) {
            throw new SmartcardException("no card in " + name);
        }
        return application.process(command);
    }

    private static byte[] withCheckByte(byte[] atr) {
        byte check = 0;
        for (int i = 1; i < atr.length - 1; i++) {
            check ^= atr[i];
        }
        atr[atr.length - 1] = check;
        return atr;
    }
}
