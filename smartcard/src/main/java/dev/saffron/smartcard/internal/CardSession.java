package dev.saffron.smartcard.internal;

import dev.saffron.spice.SmartcardException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/**
 * One card in one host reader, from its insertion to its removal: connected, held exclusively (a PC/SC
 * transaction, so no other application on the host talks to it meanwhile) and reset when let go, so that what
 * the guest unlocked on it (a verified PIN) is not left to the host's applications.
 *
 * <p>The JDK ties exclusive access to the thread that began it and refuses APDUs from any other, while the
 * smartcard channel sends from its own threads. So a thread of the session's own (its card thread) makes every
 * call on the card, from connecting to resetting, and {@link #transmit} hands it the APDU and waits.
 */
final class CardSession {
    private static final System.Logger LOG = System.getLogger(CardSession.class.getName());
    /** How long a card may take to connect and grant exclusive access, another application's transaction included. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long closing waits for the card thread to reset the card. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);
    /** An extended-length response: 65536 bytes of data and the status word. */
    private static final int MAX_RESPONSE = 65538;
    private static final int MIN_COMMAND = 4;
    private static final int STATUS_WORD = 2;

    private final String readerName;
    private final CardTerminal terminal;
    /** The card thread: the only thread that touches {@link #card} and {@link #response}. */
    private final ExecutorService cardThread;
    private final Card card;
    private final byte[] atr;
    private final ByteBuffer response = ByteBuffer.allocate(MAX_RESPONSE);
    private volatile boolean lost;

    private CardSession(String readerName, CardTerminal terminal, ExecutorService cardThread, Card card) {
        this.readerName = readerName;
        this.terminal = terminal;
        this.cardThread = cardThread;
        this.card = card;
        this.atr = card.getATR().getBytes();
    }

    /**
     * Connects to the card in a reader (either protocol) and takes exclusive access to it.
     *
     * @throws SmartcardException if the card does not answer, or another application holds it for longer than
     *                            {@link #CONNECT_TIMEOUT}
     */
    static CardSession open(String readerName, CardTerminal terminal) throws SmartcardException {
        ExecutorService cardThread = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "saffron-smartcard-card-" + readerName);
            thread.setDaemon(true);
            return thread;
        });
        Future<Card> connecting = cardThread.submit(() -> connectExclusively(terminal));
        try {
            return new CardSession(readerName, terminal, cardThread,
                    connecting.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            cardThread.shutdown();
            throw new SmartcardException(readerName + ": cannot connect to the card: " + Pcsc.causes(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            abandon(readerName, cardThread, connecting);
            throw new SmartcardException(readerName + ": the card did not grant exclusive access within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (another application holds it?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(readerName, cardThread, connecting);
            throw new SmartcardException(readerName + ": interrupted while connecting to the card", e);
        }
    }

    /** The connection may still come: the card thread then lets the card go, as its next and last task. */
    private static void abandon(String readerName, ExecutorService cardThread, Future<Card> connecting) {
        cardThread.execute(() -> {
            if (connecting.state() == Future.State.SUCCESS) {
                release(readerName, connecting.resultNow());
            }
        });
        cardThread.shutdown();
    }

    private static Card connectExclusively(CardTerminal terminal) throws CardException {
        Card card = terminal.connect("*");
        try {
            card.beginExclusive();
        } catch (CardException | RuntimeException e) {
            card.disconnect(false);
            throw e;
        }
        return card;
    }

    /** @return the card's answer to reset, as it gave it */
    byte[] atr() {
        return atr.clone();
    }

    /** @return whether an APDU failed because the card or its reader went away */
    boolean lost() {
        return lost;
    }

    /** Passes a command APDU to the card on the card thread, and returns the card's response unchanged. */
    byte[] transmit(byte[] command) throws SmartcardException {
        checkCommand(command);
        Future<byte[]> answer;
        try {
            answer = cardThread.submit(() -> transmitOnCardThread(command.clone()));
        } catch (RejectedExecutionException e) {
            throw new SmartcardException(readerName + ": the card was removed");
        }
        try {
            return answer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // The reader may notice a card gone a little after the APDU failed for it, so an unknown cause is
            // worded as a question.
            throw new SmartcardException(readerName + (lost
                    ? ": the card was removed or the reader unplugged during the APDU ("
                    : ": the card did not answer; was it removed? (") + Pcsc.causes(cause) + ")", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(false);
            throw new SmartcardException(readerName + ": interrupted while waiting for the card's answer", e);
        }
    }

    /**
     * javax.smartcardio passes the basic channel's APDUs as they are except in two cases: it rewrites the CLA
     * byte's logical channel bits to channel 0, and it refuses MANAGE CHANNEL. Either would change what the
     * guest meant, so such commands are refused here, with the reason.
     */
    private void checkCommand(byte[] command) throws SmartcardException {
        if (command.length < MIN_COMMAND) {
            throw new SmartcardException(readerName + ": a command APDU has at least " + MIN_COMMAND
                    + " bytes, not " + command.length);
        }
        int cla = command[0] & 0xFF;
        boolean interindustry = (cla & 0x80) == 0 && (cla & 0xE0) != 0x20;
        if (interindustry && ((cla & 0x40) != 0 || (cla & 0x03) != 0 || command[1] == 0x70)) {
            throw new SmartcardException(readerName + String.format(": logical channels (CLA %02X INS %02X) "
                    + "cannot pass through javax.smartcardio's basic channel", cla, command[1] & 0xFF));
        }
    }

    private byte[] transmitOnCardThread(byte[] command) throws CardException {
        try {
            response.clear();
            int length = card.getBasicChannel().transmit(ByteBuffer.wrap(command), response);
            if (length < STATUS_WORD) {
                // What vsmartcard's reader gives when its card goes mid-APDU: no answer, yet no PC/SC error.
                throw new CardException("a response of " + length + " bytes, without a status word");
            }
            return Arrays.copyOf(response.array(), length);
        } catch (CardException | IllegalStateException e) {
            lost = !stillThere();
            throw e;
        }
    }

    /** The JDK marks a card removed once PC/SC said so; the reader says whether any card is in it. */
    private boolean stillThere() {
        try {
            card.getBasicChannel();
            return terminal.isCardPresent();
        } catch (CardException | IllegalStateException e) {
            return false;
        }
    }

    /** Resets and lets go of the card on its thread, waiting a bounded time; APDUs after this are refused. */
    void close() {
        try {
            cardThread.execute(() -> release(readerName, card));
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        cardThread.shutdown();
        try {
            if (!cardThread.awaitTermination(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the card thread is still busy after {1} s; the card is "
                        + "let go when its APDU ends", readerName, RELEASE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void release(String readerName, Card card) {
        try {
            card.endExclusive();
        } catch (CardException | IllegalStateException e) {
            // Removed or reset already: PC/SC ended the transaction with the card.
            LOG.log(System.Logger.Level.DEBUG, "{0}: end of exclusive access: {1}", readerName, Pcsc.causes(e));
        }
        try {
            card.disconnect(true);
        } catch (CardException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: disconnect: {1}", readerName, Pcsc.causes(e));
        }
    }
}
