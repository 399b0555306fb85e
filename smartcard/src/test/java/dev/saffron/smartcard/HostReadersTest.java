package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.VirtualSmartcard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Host readers against a real pcscd with vsmartcard's virtual readers and card. The daemon serves the socket
 * that this JVM's environment names (the module's surefire configuration sets {@code PCSCLITE_CSOCK_NAME}), and
 * lives as long as this class: javax.smartcardio cannot reconnect to a daemon started after it lost one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostReadersTest {
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
    private static final byte[] GET_CHALLENGE = {0x00, (byte) 0x84, 0x00, 0x00, 0x08};
    /** GET CHALLENGE with no Le: the card keeps its 8 bytes and answers {@code 61 08}, "8 bytes to get". */
    private static final byte[] GET_CHALLENGE_NO_LE = {0x00, (byte) 0x84, 0x00, 0x00};
    private static final byte[] SELECT_MF_NO_FCI = {0x00, (byte) 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};
    private static final byte[] OK = {(byte) 0x90, 0x00};

    private static VirtualSmartcard card;

    @BeforeAll
    static void startDaemon() throws IOException {
        String socket = System.getenv(VirtualSmartcard.SOCKET_VARIABLE);
        assertNotNull(socket, VirtualSmartcard.SOCKET_VARIABLE + " must be set by the build (see the module's pom)");
        Path directory = Path.of(socket).getParent().getParent().getParent();
        card = VirtualSmartcard.start(Files.createDirectories(directory), Path.of(socket));
    }

    @AfterEach
    void removeCards() throws IOException {
        for (int slot = 0; slot < VirtualSmartcard.SLOTS; slot++) {
            if (card.hasCard(slot)) {
                card.removeCard(slot);
            }
        }
    }

    @AfterAll
    static void stopDaemon() {
        if (card != null) {
            card.close();
        }
    }

    @Test
    void theReadersAppearWithTheirNames() throws Exception {
        Events events = new Events();
        try (HostReaders readers = HostReaders.watch(events)) {
            List<String> added = List.of(events.next("readerAdded").reader().name(),
                    events.next("readerAdded").reader().name());
            assertEquals(card.readerNames(), added);
            assertEquals(card.readerNames(), readers.readers().stream().map(SmartcardReader::name).toList());
            events.assertQuiet();
        }
    }

    @Test
    void aCardsAtrAndAnswersPassThroughUnchangedUntilItIsRemoved() throws Exception {
        Events events = new Events();
        try (HostReaders _ = HostReaders.watch(events)) {
            SmartcardReader first = events.next("readerAdded").reader();
            events.next("readerAdded");
            card.insertCard(0);
            Event inserted = events.next("cardInserted");
            assertEquals(first, inserted.reader());
            assertEquals(VirtualSmartcard.ISO7816_ATR, HexFormat.ofDelimiter(":").formatHex(inserted.atr()));

            assertArrayEquals(OK, first.transmit(SELECT_MF_NO_FCI));
            byte[] challenge = first.transmit(GET_CHALLENGE);
            assertEquals(10, challenge.length, HexFormat.of().formatHex(challenge));
            assertArrayEquals(OK, Arrays.copyOfRange(challenge, 8, 10));
            assertFalse(Arrays.equals(challenge, first.transmit(GET_CHALLENGE)), "a fresh challenge each time");
            // The JDK would send GET RESPONSE here and return 8 bytes and 90 00, were it not switched off.
            assertArrayEquals(new byte[] {0x61, 0x08}, first.transmit(GET_CHALLENGE_NO_LE));

            card.removeCard(0);
            assertEquals(first, events.next("cardRemoved").reader());
            SmartcardException e = assertThrows(SmartcardException.class, () -> first.transmit(GET_CHALLENGE));
            assertTrue(e.getMessage().contains(first.name()), e.getMessage());
            events.assertQuiet();
        }
    }

    @Test
    void commandsThatJavaxSmartcardioWouldAlterAreRefusedAndTheCardGoesOn() throws Exception {
        Events events = new Events();
        try (HostReaders _ = HostReaders.watch(card.readerName(0), events)) {
            SmartcardReader first = events.next("readerAdded").reader();
            card.insertCard(0);
            events.next("cardInserted");
            byte[][] refused = {
                {0x01, (byte) 0x84, 0x00, 0x00, 0x08}, // GET CHALLENGE on logical channel 1
                {0x41, (byte) 0x84, 0x00, 0x00, 0x08}, // on logical channel 5 (further interindustry class)
                {0x00, 0x70, 0x00, 0x00, 0x01}, // MANAGE CHANNEL open
                {0x00, (byte) 0x84, 0x00}, // shorter than a header
            };
            for (byte[] command : refused) {
                SmartcardException e = assertThrows(SmartcardException.class, () -> first.transmit(command),
                        HexFormat.of().formatHex(command));
                assertTrue(e.getMessage().startsWith(first.name() + ": "), e.getMessage());
            }
            // A proprietary class has no logical channel bits for the JDK to rewrite: it passes (vicc serves any).
            byte[] proprietary = first.transmit(new byte[] {(byte) 0x81, (byte) 0x84, 0x00, 0x00, 0x08});
            assertEquals(10, proprietary.length, HexFormat.of().formatHex(proprietary));
            assertEquals(10, first.transmit(GET_CHALLENGE).length);
            events.assertQuiet();
        }
    }

    @Test
    void aCardPutBackIsANewCard() throws Exception {
        Events events = new Events();
        try (HostReaders _ = HostReaders.watch(card.readerName(1), events)) {
            SmartcardReader second = events.next("readerAdded").reader();
            card.insertCard(1);
            events.next("cardInserted");
            card.removeCard(1);
            events.next("cardRemoved");
            card.insertCard(1);
            assertEquals(second, events.next("cardInserted").reader());
            assertEquals(10, second.transmit(GET_CHALLENGE).length);
        }
    }

    @Test
    void aReaderNameWatchesOnlyThatReader() throws Exception {
        Events events = new Events();
        try (HostReaders readers = HostReaders.watch(card.readerName(1), events)) {
            assertEquals(card.readerName(1), events.next("readerAdded").reader().name());
            card.insertCard(0);
            card.insertCard(1);
            assertEquals(card.readerName(1), events.next("cardInserted").reader().name());
            assertEquals(List.of(card.readerName(1)), readers.readers().stream().map(SmartcardReader::name).toList());
            events.assertQuiet();
        }
    }

    @Test
    void aCardRemovedDuringAnApduFailsThatApduAndTheWatcherGoesOn() throws Exception {
        Events events = new Events();
        try (HostReaders _ = HostReaders.watch(events)) {
            SmartcardReader first = events.next("readerAdded").reader();
            events.next("readerAdded");
            card.insertCard(0);
            events.next("cardInserted");
            card.freezeCard(0);
            CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return first.transmit(GET_CHALLENGE);
                } catch (SmartcardException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500);
            assertFalse(answer.isDone(), "a frozen card does not answer");
            card.removeCard(0);
            Throwable failure = assertThrows(Exception.class, () -> answer.get(EVENT_WAIT.toSeconds(),
                    TimeUnit.SECONDS)).getCause().getCause();
            assertTrue(failure instanceof SmartcardException, String.valueOf(failure));
            assertTrue(failure.getMessage().startsWith(first.name() + ": "), failure.getMessage());
            assertTrue(failure.getMessage().contains("removed"), failure.getMessage());
            assertEquals(first, events.next("cardRemoved").reader());

            card.insertCard(0);
            assertEquals(first, events.next("cardInserted").reader());
            assertEquals(10, first.transmit(GET_CHALLENGE).length);
        }
    }

    @Test
    void theCardIsTheGuestsAloneUntilClosed() throws Exception {
        Events events = new Events();
        Process opensc;
        try (HostReaders _ = HostReaders.watch(card.readerName(0), events)) {
            events.next("readerAdded");
            card.insertCard(0);
            events.next("cardInserted");
            ProcessBuilder builder = new ProcessBuilder(Tool.OPENSC_TOOL.require().toString(), "--reader", "0",
                    "--card-driver", "default", "--send-apdu", "00:84:00:00:08").redirectErrorStream(true);
            builder.environment().putAll(card.clientEnvironment());
            opensc = builder.start();
            opensc.getOutputStream().close();
            assertFalse(opensc.waitFor(2, TimeUnit.SECONDS), "another application waits while the card is held");
        }
        String output = new String(opensc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(opensc.waitFor(20, TimeUnit.SECONDS), output);
        assertEquals(0, opensc.exitValue(), output);
        assertTrue(output.contains("SW1=0x90, SW2=0x00"), output);
    }

    @Test
    void closeEndsTheWatcherPromptlyAndTellsNothingMore() throws Exception {
        Events events = new Events();
        HostReaders readers = HostReaders.watch(events);
        SmartcardReader first = events.next("readerAdded").reader();
        events.next("readerAdded");
        card.insertCard(0);
        events.next("cardInserted");
        long start = System.nanoTime();
        readers.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "close took " + took);
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("saffron-smartcard-readers")), "the watcher is left");
        assertEquals(List.of(), readers.readers());
        assertThrows(SmartcardException.class, () -> first.transmit(GET_CHALLENGE), "the card was let go");
        card.removeCard(0);
        events.assertQuiet();
        readers.close();
    }

    private record Event(String kind, SmartcardReader reader, byte[] atr) {
    }

    /** Records the listener's calls, and checks they all come on the watcher thread. */
    private static final class Events implements HostReaders.Listener {
        private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        @Override
        public void readerAdded(SmartcardReader reader) {
            record(new Event("readerAdded", reader, null));
        }

        @Override
        public void cardInserted(SmartcardReader reader, byte[] atr) {
            record(new Event("cardInserted", reader, atr));
        }

        @Override
        public void cardRemoved(SmartcardReader reader) {
            record(new Event("cardRemoved", reader, null));
        }

        @Override
        public void readerRemoved(SmartcardReader reader) {
            record(new Event("readerRemoved", reader, null));
        }

        private void record(Event event) {
            String thread = Thread.currentThread().getName();
            queue.add(thread.equals("saffron-smartcard-readers") ? event
                    : new Event("on thread " + thread, event.reader(), null));
        }

        Event next(String kind) throws InterruptedException {
            Event event = queue.poll(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "no " + kind + " within " + EVENT_WAIT);
            assertEquals(kind, event.kind(), "event for " + event.reader());
            return event;
        }

        /** Nothing more comes within a few of the watcher's polls. */
        void assertQuiet() throws InterruptedException {
            Event event = queue.poll(1, TimeUnit.SECONDS);
            assertEquals(null, event, "unexpected event");
        }
    }
}
