package dev.saffron.smartcard.internal;

import dev.saffron.spice.SmartcardException;
import java.security.NoSuchAlgorithmException;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * The JDK's PC/SC provider, set up for pass-through, and the words for what goes wrong with it.
 *
 * <p>The JDK answers a card's {@code 61xx} (more data) and {@code 6Cxx} (wrong Le) itself by default, sending
 * GET RESPONSE or the command again and returning only the end result. The guest's middleware must see the
 * card's own answers and do that itself, so both system properties that switch it off are set here, before the
 * first card connection loads the class that reads them ({@code sun.security.smartcardio.ChannelImpl}). They
 * are read once per JVM: code that used {@code javax.smartcardio} before this would keep the defaults, which
 * is why a launcher may also pass them on its command line.
 *
 * <p>The library: JDK 25 looks for {@code libpcsclite.so.1} in Debian's multiarch directory
 * ({@code /usr/lib/x86_64-linux-gnu}) by itself; the property {@code sun.security.smartcardio.library} is left to
 * the user, for installations elsewhere.
 */
public final class Pcsc {
    static final String T0_GET_RESPONSE = "sun.security.smartcardio.t0GetResponse";
    static final String T1_GET_RESPONSE = "sun.security.smartcardio.t1GetResponse";
    static final String LIBRARY = "sun.security.smartcardio.library";
    /** libpcsclite's environment variable naming the daemon's socket. */
    static final String SOCKET_VARIABLE = "PCSCLITE_CSOCK_NAME";

    private Pcsc() {
    }

    /**
     * @return the readers of the PC/SC service, checked to answer
     * @throws SmartcardException if the library cannot be loaded or the daemon does not answer, saying what to
     *                            install or start
     */
    public static CardTerminals terminals() throws SmartcardException {
        System.setProperty(T0_GET_RESPONSE, "false");
        System.setProperty(T1_GET_RESPONSE, "false");
        CardTerminals terminals;
        try {
            terminals = TerminalFactory.getInstance("PC/SC", null).terminals();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            throw new SmartcardException(explain(e), e);
        }
        try {
            terminals.list();
        } catch (CardException e) {
            throw new SmartcardException(explain(e), e);
        }
        return terminals;
    }

    /** @return a sentence saying what failed and, where the fix is known, what to do */
    public static String explain(Throwable failure) {
        String codes = causes(failure);
        if (codes.contains("SCARD_E_NO_SERVICE")) {
            String socket = System.getenv(SOCKET_VARIABLE);
            return "the PC/SC daemon is not running" + (socket == null ? "" : " (socket " + socket + ")")
                    + ": install and start pcscd (on Debian: apt-get install pcscd)";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnsupportedOperationException || cause instanceof LinkageError) {
                String library = System.getProperty(LIBRARY);
                return "the PC/SC library could not be loaded"
                        + (library == null ? "" : " from " + library) + " (" + codes + "): install libpcsclite1 "
                        + "(Debian), or point -D" + LIBRARY + " at libpcsclite.so.1";
            }
        }
        return "PC/SC failed: " + codes;
    }

    /** @return the messages of a failure and its causes, the PC/SC error code ({@code SCARD_...}) last */
    static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}
