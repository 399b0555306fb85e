package dev.saffron.viewer;

import dev.saffron.smartcard.SmartcardRedirection;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SmartcardChannel;
import dev.saffron.spice.SmartcardChannelListener;
import dev.saffron.spice.SmartcardReader;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code saffron smartcard URI}: gives the guest a smartcard and keeps the session until standard input ends
 * (or the server goes away), for scripts, tests and a guest that needs a card with no window: the host's
 * reader (the one named with {@code --reader}), or a software card with {@code --certificates}. Says on
 * standard output which reader the guest got and when.
 */
final class SmartcardCommand {
    private SmartcardCommand() {
    }

    static void run(SessionConfig config, Optional<String> readerName, InputStream in, PrintStream out)
            throws SpiceException, InterruptedException {
        // Sharing a card needs neither sound nor USB devices: no audio or USB channels, which would cost connections
        // and decoding.
        SessionConfig lean = config.toBuilder().audioEnabled(false).usbredirEnabled(false).build();
        try (SpiceSession session = new SpiceSession(lean)) {
            SmartcardRedirection redirection = start(session, readerName);
            try {
                share(session, config, in, out);
            } finally {
                redirection.close();
            }
        }
    }

    private static void share(SpiceSession session, SessionConfig config, InputStream in, PrintStream out)
            throws SpiceException, InterruptedException {
        session.addListener(new SessionListener() {
            @Override
            public void channelNew(SpiceChannel channel) {
                if (channel instanceof SmartcardChannel smartcard) {
                    smartcard.addListener(new Report(out));
                }
            }
        });
        session.connect();
        session.awaitChannels(config.connectTimeout());
        if (session.smartcardChannel().isEmpty()) {
            throw new SpiceException(SpiceError.FAILED, "the server offers no smartcard channel (the VM needs "
                    + "a usb-ccid device with a ccid-card-passthru on a spicevmc smartcard chardev)");
        }
        waitForEndOfInput(in, session);
    }

    /**
     * Starts serving a session's smartcard options, for this command and the viewer window.
     *
     * @throws SpiceException if the software card's certificates or keys cannot be read
     */
    static SmartcardRedirection start(SpiceSession session, Optional<String> readerName)
            throws SpiceException {
        try {
            return SmartcardRedirection.start(session, readerName);
        } catch (IOException e) {
            throw new SpiceException(SpiceError.FAILED, "cannot make the software smartcard: " + e.getMessage(), e);
        }
    }

    /** Returns when standard input ends or the session does, whichever comes first. */
    static void waitForEndOfInput(InputStream in, SpiceSession session) throws InterruptedException {
        Thread reader = Thread.ofVirtual().name("saffron-stdin").start(() -> {
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // What is typed is not for anyone: only its end matters.
                }
            } catch (IOException e) {
                // Unreadable input ends the command as closed input does.
            }
        });
        while (reader.isAlive() && !session.awaitClosed(Duration.ofMillis(200))) {
            reader.join(50);
        }
    }

    /** Tells the user which reader the guest has. */
    private record Report(PrintStream out) implements SmartcardChannelListener {
        @Override
        public void readerAttached(SmartcardChannel channel, SmartcardReader reader, long readerId) {
            out.println("the guest has the reader '" + reader.name() + "'");
        }

        @Override
        public void readerRefused(SmartcardChannel channel, SmartcardReader reader, String reason) {
            out.println("the guest did not take the reader '" + reader.name() + "': " + reason);
        }

        @Override
        public void readerDetached(SmartcardChannel channel, SmartcardReader reader) {
            out.println("the reader '" + reader.name() + "' left the guest");
        }
    }
}
