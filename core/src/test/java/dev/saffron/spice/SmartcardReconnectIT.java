package dev.saffron.spice;

import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reader attached to QEMU's emulated CCID device comes back after QEMU is killed and started again on the same
 * port: the session reconnects by itself and the restarted QEMU's {@code ccid-card-passthru} takes the reader
 * (answers its ReaderAdd) without the application attaching it again. No guest runs: the reader's answer is
 * QEMU's own.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SmartcardReconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] ATR = HexFormat.of().parseHex("3b951381018073ff01000b");

    /** A card that answers every APDU with "instruction not supported"; nothing sends it one here. */
    private static final class QuietCard implements SmartcardReader {
        @Override
        public String name() {
            return "Saffron Reconnect Card";
        }

        @Override
        public byte[] transmit(byte[] command) {
            return new byte[]{0x6D, 0x00};
        }
    }

    @Test
    void aRestartedQemuTakesTheReaderAgain() throws Exception {
        QemuOptions options = QemuOptions.builder().smartcard(true).build();
        QemuServer first = QemuServer.start(options);
        CompletableFuture<Void> reconnecting = new CompletableFuture<>();
        CompletableFuture<Void> reconnected = new CompletableFuture<>();
        BlockingQueue<String> attached = new LinkedBlockingQueue<>();
        try (SpiceSession session = new SpiceSession(SessionConfig.builder().host(first.host()).port(first.port())
                .smartcardEnabled(true)
                .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(500))).build())) {
            session.addListener(new SessionListener() {
                @Override
                public void reconnecting(int attempt, Duration delay, SpiceException cause) {
                    reconnecting.complete(null);
                }

                @Override
                public void reconnected(int attempts) {
                    reconnected.complete(null);
                }
            });
            session.connect();
            session.awaitChannels(WAIT);
            SmartcardChannel channel = session.smartcardChannel().orElseThrow();
            channel.addListener(new SmartcardChannelListener() {
                @Override
                public void readerAttached(SmartcardChannel c, SmartcardReader reader, long readerId) {
                    attached.add(reader.name() + " as " + readerId);
                }
            });
            QuietCard card = new QuietCard();
            assertEquals(0L, channel.attach(card).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            channel.cardInserted(card, ATR);
            assertEquals("Saffron Reconnect Card as 0", next(attached));

            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            reconnecting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            first.close();
            try (QemuServer second = QemuServer.start(options, first.port())) {
                reconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals("Saffron Reconnect Card as 0", next(attached), "the new QEMU took the reader");
                assertSame(channel, session.smartcardChannel().orElseThrow());
                assertEquals(List.of(card), channel.readers());
                assertEquals(0, channel.engine().refusedMessages(), "the new QEMU sent nothing out of place");
                assertTrue(second.qmp().execute("query-spice").contains("\"channel-type\": "
                        + ChannelType.SMARTCARD.wireValue()), "the smartcard channel linked to the restarted QEMU");
            }
        } finally {
            first.close();
        }
    }

    private static String next(BlockingQueue<String> events) throws InterruptedException {
        String event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(event, "no reader attached within " + WAIT);
        return event;
    }
}
