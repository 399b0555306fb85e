package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;
import dev.saffron.spice.testing.VirtualSmartcard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pcscd stopping under a card in use: every reader unplugged at once. In a JVM of its own (the build forks one
 * per class), since this JVM's PC/SC connection is dead afterwards.
 */
class PcscdGoneTest {
    private static final byte[] GET_CHALLENGE = {0x00, (byte) 0x84, 0x00, 0x00, 0x08};

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theReadersAreReportedGoneTheirCardsFailAndTheWatcherGoesOn() throws Exception {
        Path socket = Path.of(System.getenv(VirtualSmartcard.SOCKET_VARIABLE));
        Path directory = Files.createDirectories(socket.getParent().getParent().getParent());
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        List<SmartcardReader> added = new ArrayList<>();
        HostReaders.Listener listener = new HostReaders.Listener() {
            @Override
            public void readerAdded(SmartcardReader reader) {
                added.add(reader);
                events.add("readerAdded " + reader.name());
            }

            @Override
            public void cardInserted(SmartcardReader reader, byte[] atr) {
                events.add("cardInserted " + reader.name());
            }

            @Override
            public void cardRemoved(SmartcardReader reader) {
                events.add("cardRemoved " + reader.name());
            }

            @Override
            public void readerRemoved(SmartcardReader reader) {
                events.add("readerRemoved " + reader.name());
            }
        };
        VirtualSmartcard card = VirtualSmartcard.start(directory, socket);
        try (HostReaders readers = HostReaders.watch(listener)) {
            String first = card.readerName(0);
            String second = card.readerName(1);
            assertEquals("readerAdded " + first, next(events));
            assertEquals("readerAdded " + second, next(events));
            card.insertCard(0);
            assertEquals("cardInserted " + first, next(events));

            card.close();

            List<String> gone = List.of(next(events), next(events), next(events));
            assertEquals(List.of("cardRemoved " + first, "readerRemoved " + first, "readerRemoved " + second), gone);
            SmartcardException e = assertThrows(SmartcardException.class, () -> added.get(0).transmit(GET_CHALLENGE));
            assertTrue(e.getMessage().startsWith(first + ": "), e.getMessage());
            assertEquals(List.of(), readers.readers());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(thread -> thread.getName().equals("saffron-smartcard-readers")), "the watcher ended");
        } finally {
            card.close();
        }
    }

    private static String next(LinkedBlockingQueue<String> events) throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 10 s");
        return event;
    }
}
